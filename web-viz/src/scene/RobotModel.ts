import { BoxGeometry, ConeGeometry, Group, Mesh, MeshStandardMaterial, Quaternion, Vector3 } from 'three';
import type { Odometry } from '../ros/messages.ts';
import type { SceneObject } from './SceneObject.ts';
import type { TfTree } from './TfTree.ts';

/** The robot: a body and a nose, placed at base_link from /tf (or from odom when /tf has no base_link). */
export class RobotModel implements SceneObject {
  readonly object = new Group();
  /** The robot's pose in the fixed frame, valid when `known`. */
  readonly position = new Vector3();
  readonly quaternion = new Quaternion();
  yaw = 0;
  known = false;
  readonly #tf: TfTree;
  readonly #odomT = new Vector3();
  readonly #odomQ = new Quaternion();
  #haveOdom = false;
  readonly #body: Mesh<BoxGeometry, MeshStandardMaterial>;
  readonly #nose: Mesh<ConeGeometry, MeshStandardMaterial>;
  baseFrame = 'base_link';

  constructor(tf: TfTree) {
    this.#tf = tf;
    this.#body = new Mesh(new BoxGeometry(0.45, 0.35, 0.18), new MeshStandardMaterial({ color: 0x2f7de1, roughness: 0.6 }));
    this.#body.position.z = 0.12;
    this.#nose = new Mesh(new ConeGeometry(0.09, 0.22, 16), new MeshStandardMaterial({ color: 0xffc43d }));
    this.#nose.rotation.z = -Math.PI / 2;
    this.#nose.position.set(0.3, 0, 0.12);
    this.object.add(this.#body, this.#nose);
    this.object.name = 'robot';
    this.object.visible = false;
  }

  setOdometry(m: Odometry): void {
    const p = m.pose.pose;
    this.#odomT.set(p.position.x, p.position.y, p.position.z);
    this.#odomQ.set(p.orientation.x, p.orientation.y, p.orientation.z, p.orientation.w);
    this.#haveOdom = true;
  }

  update(): void {
    if (this.#tf.has(this.baseFrame) && this.#tf.lookup(this.baseFrame, this.position, this.quaternion)) this.known = true;
    else if (this.#haveOdom) {
      this.position.copy(this.#odomT);
      this.quaternion.copy(this.#odomQ);
      this.known = true;
    }
    if (!this.known) return;
    this.object.visible = true;
    this.object.position.copy(this.position);
    this.object.quaternion.copy(this.quaternion);
    const q = this.quaternion;
    this.yaw = Math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z));
  }

  dispose(): void {
    this.#body.geometry.dispose();
    this.#body.material.dispose();
    this.#nose.geometry.dispose();
    this.#nose.material.dispose();
  }
}
