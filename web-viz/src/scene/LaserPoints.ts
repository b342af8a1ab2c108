import { BufferAttribute, BufferGeometry, CanvasTexture, LinearFilter, Points, PointsMaterial, SRGBColorSpace } from 'three';
import type { LaserScan } from '../ros/messages.ts';
import type { SceneObject } from './SceneObject.ts';
import type { TfTree } from './TfTree.ts';

const MAX_BEAMS = 4096;
/** Cyan: no landmark, costmap cell or path uses it; the dark rim keeps it visible on light floors and dark ground alike. */
export const LASER_COLOR = '#19e3ff';
/** Points keep this size on screen (CSS px) at every zoom. */
const POINT_PX = 6;

function dotTexture(): CanvasTexture {
  const c = document.createElement('canvas');
  c.width = c.height = 32;
  const g = c.getContext('2d')!;
  g.fillStyle = '#0b1f33';
  g.beginPath();
  g.arc(16, 16, 15, 0, Math.PI * 2);
  g.fill();
  g.fillStyle = LASER_COLOR;
  g.beginPath();
  g.arc(16, 16, 10, 0, Math.PI * 2);
  g.fill();
  const t = new CanvasTexture(c);
  t.colorSpace = SRGBColorSpace; // drawn in CSS colours
  // No mipmaps: a few-pixel point would sample an averaged level where rim, colour and transparency blur away.
  t.generateMipmaps = false;
  t.minFilter = LinearFilter;
  return t;
}

/** The latest laser scan as round points of constant screen size, in the scan's frame placed through /tf. */
export class LaserPoints implements SceneObject {
  readonly object: Points<BufferGeometry, PointsMaterial>;
  readonly #positions = new Float32Array(MAX_BEAMS * 3);
  readonly #attr: BufferAttribute;
  readonly #tf: TfTree;
  #frame = 'laser';
  count = 0;

  constructor(tf: TfTree) {
    this.#tf = tf;
    const g = new BufferGeometry();
    this.#attr = new BufferAttribute(this.#positions, 3);
    g.setAttribute('position', this.#attr);
    g.setDrawRange(0, 0);
    this.object = new Points(g, new PointsMaterial({ size: POINT_PX, sizeAttenuation: false, map: dotTexture(), alphaTest: 0.5, depthTest: false }));
    this.object.frustumCulled = false;
    this.object.renderOrder = 5; // drawn over walls: the scan is what the robot sees, keep all of it in view
    this.object.name = 'laser';
  }

  setScan(m: LaserScan): void {
    const n = Math.min(m.ranges.length, MAX_BEAMS);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const r = m.ranges[i];
      if (r === null || r === undefined || !Number.isFinite(r) || r < m.range_min || r > m.range_max) continue;
      const a = m.angle_min + i * m.angle_increment;
      this.#positions[k++] = r * Math.cos(a);
      this.#positions[k++] = r * Math.sin(a);
      this.#positions[k++] = 0;
    }
    this.count = k / 3;
    this.object.geometry.setDrawRange(0, this.count);
    this.#attr.needsUpdate = true;
    this.#frame = m.header.frame_id || 'laser';
  }

  update(): void {
    this.object.visible = this.#tf.lookup(this.#frame, this.object.position, this.object.quaternion) && this.count > 0;
  }

  dispose(): void {
    this.object.geometry.dispose();
    this.object.material.map?.dispose();
    this.object.material.dispose();
  }
}
