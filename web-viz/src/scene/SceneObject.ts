import type { Object3D } from 'three';

/** What every object of the scene is: a three.js object, updated each frame without allocating, and disposable. */
export interface SceneObject {
  readonly object: Object3D;
  update(dt: number): void;
  dispose(): void;
}
