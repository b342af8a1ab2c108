import { GridHelper, type LineBasicMaterial } from 'three';
import type { SceneObject } from './SceneObject.ts';

/** A 1 m grid on the z = 0 floor (ROS is z-up; three's GridHelper lies in XZ, so it is turned). */
export class FloorGrid implements SceneObject {
  readonly object: GridHelper;

  constructor(size = 40) {
    this.object = new GridHelper(size, size, 0x5a6473, 0x343b46);
    this.object.rotation.x = Math.PI / 2;
    this.object.name = 'grid';
  }

  update(): void {}

  dispose(): void {
    this.object.geometry.dispose();
    (this.object.material as LineBasicMaterial).dispose();
  }
}
