import { BufferAttribute, BufferGeometry, Line, LineBasicMaterial } from 'three';
import type { Path } from '../ros/messages.ts';
import type { SceneObject } from './SceneObject.ts';
import type { TfTree } from './TfTree.ts';

const MAX_POINTS = 4096;

/** The planned path (nav_msgs/Path) as a line slightly above the floor. */
export class PathLine implements SceneObject {
  readonly object: Line<BufferGeometry, LineBasicMaterial>;
  readonly #positions = new Float32Array(MAX_POINTS * 3);
  readonly #attr = new BufferAttribute(this.#positions, 3);
  readonly #tf: TfTree;
  #frame = 'map';
  count = 0;

  constructor(tf: TfTree) {
    this.#tf = tf;
    const g = new BufferGeometry();
    g.setAttribute('position', this.#attr);
    g.setDrawRange(0, 0);
    this.object = new Line(g, new LineBasicMaterial({ color: 0x35e08a }));
    this.object.frustumCulled = false;
    this.object.name = 'plan';
  }

  setPath(m: Path): void {
    const n = Math.min(m.poses.length, MAX_POINTS);
    for (let i = 0; i < n; i++) {
      const p = m.poses[i]!.pose.position;
      this.#positions[i * 3] = p.x;
      this.#positions[i * 3 + 1] = p.y;
      this.#positions[i * 3 + 2] = p.z + 0.04;
    }
    this.count = n;
    this.object.geometry.setDrawRange(0, n);
    this.#attr.needsUpdate = true;
    this.#frame = m.header.frame_id || 'map';
  }

  update(): void {
    this.object.visible = this.count > 1 && this.#tf.lookup(this.#frame, this.object.position, this.object.quaternion);
  }

  dispose(): void {
    this.object.geometry.dispose();
    this.object.material.dispose();
  }
}
