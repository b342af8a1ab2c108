import { DataTexture, DoubleSide, Group, Mesh, MeshBasicMaterial, NearestFilter, PlaneGeometry, Quaternion, RGBAFormat, Vector3 } from 'three';
import type { OccupancyGrid } from '../ros/messages.ts';
import type { SceneObject } from './SceneObject.ts';
import type { TfTree } from './TfTree.ts';

const frameT = new Vector3();
const frameQ = new Quaternion();
const originT = new Vector3();
const originQ = new Quaternion();

/** An OccupancyGrid (the local costmap) as a translucent textured plane just above the floor. */
export class CostmapLayer implements SceneObject {
  readonly object = new Group();
  readonly #mesh: Mesh<PlaneGeometry, MeshBasicMaterial>;
  #texture: DataTexture | undefined;
  #pixels = new Uint8Array(4);
  #w = 0;
  #h = 0;
  #frame = 'map';
  readonly #tf: TfTree;

  constructor(tf: TfTree) {
    this.#tf = tf;
    this.#mesh = new Mesh(new PlaneGeometry(1, 1), new MeshBasicMaterial({ transparent: true, opacity: 0.55, depthWrite: false, side: DoubleSide }));
    this.#mesh.position.z = 0.01;
    this.#mesh.renderOrder = 1;
    this.object.add(this.#mesh);
    this.object.visible = false;
    this.object.name = 'costmap';
  }

  setGrid(m: OccupancyGrid): void {
    const { width: w, height: h, resolution: res, origin } = m.info;
    if (w === 0 || h === 0) return;
    if (w !== this.#w || h !== this.#h || !this.#texture) {
      this.#texture?.dispose();
      this.#pixels = new Uint8Array(w * h * 4);
      this.#texture = new DataTexture(this.#pixels, w, h, RGBAFormat);
      this.#texture.magFilter = NearestFilter;
      this.#texture.minFilter = NearestFilter;
      this.#mesh.material.map = this.#texture;
      this.#mesh.material.needsUpdate = true;
      this.#w = w;
      this.#h = h;
    }
    const px = this.#pixels;
    const n = Math.min(w * h, m.data.length);
    for (let i = 0; i < n; i++) {
      const v = m.data[i]!;
      const o = i * 4;
      if (v < 0) {
        px[o] = 90; px[o + 1] = 90; px[o + 2] = 120; px[o + 3] = 40;
      } else if (v >= 99) {
        px[o] = 255; px[o + 1] = 0; px[o + 2] = 200; px[o + 3] = 230;
      } else if (v === 0) {
        px[o + 3] = 0;
      } else {
        const t = v / 100;
        px[o] = 40 + 215 * t; px[o + 1] = 200 * (1 - t); px[o + 2] = 255 * (1 - t); px[o + 3] = 60 + 150 * t;
      }
    }
    this.#texture!.needsUpdate = true;
    this.#mesh.scale.set(w * res, h * res, 1);
    this.#mesh.position.set((w * res) / 2, (h * res) / 2, 0.01);
    originT.set(origin.position.x, origin.position.y, origin.position.z);
    originQ.set(origin.orientation.x, origin.orientation.y, origin.orientation.z, origin.orientation.w);
    this.#frame = m.header.frame_id || 'map';
    this.#originT.copy(originT);
    this.#originQ.copy(originQ);
    this.object.visible = true;
  }

  readonly #originT = new Vector3();
  readonly #originQ = new Quaternion();

  update(): void {
    if (!this.#texture) return;
    this.#tf.lookup(this.#frame, frameT, frameQ);
    // pose = frame * origin
    this.object.position.copy(this.#originT).applyQuaternion(frameQ).add(frameT);
    this.object.quaternion.copy(frameQ).multiply(this.#originQ);
  }

  dispose(): void {
    this.#texture?.dispose();
    this.#mesh.geometry.dispose();
    this.#mesh.material.dispose();
  }
}
