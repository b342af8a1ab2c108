import { ConeGeometry, Group, Mesh, MeshStandardMaterial, Quaternion, RingGeometry, Vector3, MeshBasicMaterial, DoubleSide } from 'three';
import type { PoseStamped } from '../ros/messages.ts';
import { POLICY_COLOR } from './CandidateMarker.ts';
import type { SceneObject } from './SceneObject.ts';
import type { TfTree } from './TfTree.ts';

const frameT = new Vector3();
const frameQ = new Quaternion();

const OPERATOR_COLOR = 0xffd400;

/** The current goal (goal_pose): a ring on the floor and an arrow along the goal heading; yellow for the operator's, violet for the policy's. */
export class GoalMarker implements SceneObject {
  readonly object = new Group();
  readonly #ring: Mesh<RingGeometry, MeshBasicMaterial>;
  readonly #arrow: Mesh<ConeGeometry, MeshStandardMaterial>;
  readonly #t = new Vector3();
  readonly #q = new Quaternion();
  #frame = 'map';
  #have = false;
  #phase = 0;
  readonly #tf: TfTree;
  /** Who chose the goal shown: the operator (a floor click, another tool) or the policy. */
  source: 'operator' | 'policy' = 'operator';

  constructor(tf: TfTree) {
    this.#tf = tf;
    this.#ring = new Mesh(new RingGeometry(0.22, 0.3, 32), new MeshBasicMaterial({ color: OPERATOR_COLOR, side: DoubleSide }));
    this.#ring.position.z = 0.02;
    this.#arrow = new Mesh(new ConeGeometry(0.08, 0.3, 12), new MeshStandardMaterial({ color: OPERATOR_COLOR }));
    this.#arrow.rotation.z = -Math.PI / 2;
    this.#arrow.position.set(0.25, 0, 0.08);
    this.object.add(this.#ring, this.#arrow);
    this.object.visible = false;
    this.object.name = 'goal';
  }

  setGoal(m: PoseStamped, source: 'operator' | 'policy' = 'operator'): void {
    this.source = source;
    const color = source === 'policy' ? POLICY_COLOR : OPERATOR_COLOR;
    this.#ring.material.color.setHex(color);
    this.#arrow.material.color.setHex(color);
    const p = m.pose;
    this.#t.set(p.position.x, p.position.y, p.position.z);
    this.#q.set(p.orientation.x, p.orientation.y, p.orientation.z, p.orientation.w);
    if (this.#q.lengthSq() < 1e-9) this.#q.identity();
    this.#frame = m.header.frame_id || 'map';
    this.#have = true;
  }

  clear(): void {
    this.#have = false;
  }

  update(dt: number): void {
    this.object.visible = this.#have;
    if (!this.#have) return;
    this.#tf.lookup(this.#frame, frameT, frameQ);
    this.object.position.copy(this.#t).applyQuaternion(frameQ).add(frameT);
    this.object.quaternion.copy(frameQ).multiply(this.#q);
    this.#phase = (this.#phase + dt * 3) % (Math.PI * 2);
    const s = 1 + 0.12 * Math.sin(this.#phase);
    this.#ring.scale.set(s, s, 1);
  }

  dispose(): void {
    this.#ring.geometry.dispose();
    this.#ring.material.dispose();
    this.#arrow.geometry.dispose();
    this.#arrow.material.dispose();
  }
}
