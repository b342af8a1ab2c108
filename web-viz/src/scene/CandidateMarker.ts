import { BufferAttribute, BufferGeometry, CylinderGeometry, DoubleSide, Group, Line, LineDashedMaterial, Mesh, MeshBasicMaterial, RingGeometry } from 'three';
import type { SceneObject } from './SceneObject.ts';
import type { RobotModel } from './RobotModel.ts';

/** Violet marks what the policy thinks: its candidate object here, the goal it chose in GoalMarker. */
export const POLICY_COLOR = 0xb45cff;

/**
 * The policy's candidate object: where its detection (bearing and range from the robot, on the policy's
 * diagnostics) puts the target, as a ring with a post, and a dashed line of sight from the robot to it.
 */
export class CandidateMarker implements SceneObject {
  readonly object = new Group();
  readonly #ring: Mesh<RingGeometry, MeshBasicMaterial>;
  readonly #post: Mesh<CylinderGeometry, MeshBasicMaterial>;
  readonly #sight: Line<BufferGeometry, LineDashedMaterial>;
  readonly #ends = new Float32Array(6);
  readonly #dist = new Float32Array(2);
  readonly #robot: RobotModel;
  #phase = 0;
  /** Where the candidate is in the fixed frame, valid when `visible`. */
  x = 0;
  y = 0;
  visible = false;

  constructor(robot: RobotModel) {
    this.#robot = robot;
    this.#ring = new Mesh(new RingGeometry(0.3, 0.4, 40), new MeshBasicMaterial({ color: POLICY_COLOR, side: DoubleSide, transparent: true, opacity: 0.9, depthTest: false }));
    this.#ring.renderOrder = 4;
    this.#post = new Mesh(new CylinderGeometry(0.025, 0.025, 1.2, 8).rotateX(Math.PI / 2).translate(0, 0, 0.6), new MeshBasicMaterial({ color: POLICY_COLOR }));
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(this.#ends, 3));
    g.setAttribute('lineDistance', new BufferAttribute(this.#dist, 1)); // the dashes, kept here so no frame allocates
    this.#sight = new Line(g, new LineDashedMaterial({ color: POLICY_COLOR, dashSize: 0.15, gapSize: 0.1, depthTest: false }));
    this.#sight.frustumCulled = false;
    this.#sight.renderOrder = 4;
    this.object.add(this.#ring, this.#post, this.#sight);
    this.object.visible = false;
    this.object.name = 'policy-candidate';
  }

  /** A detection relative to the robot (bearing left-positive, rad; range, m); NaN: nothing in view. */
  setDetection(bearing: number, range: number): void {
    const r = this.#robot;
    this.visible = r.known && Number.isFinite(bearing) && Number.isFinite(range);
    if (!this.visible) return;
    this.x = r.position.x + range * Math.cos(r.yaw + bearing);
    this.y = r.position.y + range * Math.sin(r.yaw + bearing);
  }

  update(dt: number): void {
    this.object.visible = this.visible;
    if (!this.visible) return;
    this.#ring.position.set(this.x, this.y, 0.03);
    this.#post.position.set(this.x, this.y, 0);
    this.#phase = (this.#phase + dt * 4) % (Math.PI * 2);
    const s = 1 + 0.15 * Math.sin(this.#phase);
    this.#ring.scale.set(s, s, 1);
    const p = this.#robot.position;
    const e = this.#ends;
    e[0] = p.x; e[1] = p.y; e[2] = 0.2;
    e[3] = this.x; e[4] = this.y; e[5] = 0.2;
    this.#dist[1] = Math.hypot(this.x - p.x, this.y - p.y);
    this.#sight.geometry.attributes.position!.needsUpdate = true;
    this.#sight.geometry.attributes.lineDistance!.needsUpdate = true;
  }

  dispose(): void {
    for (const m of [this.#ring, this.#post, this.#sight]) {
      m.geometry.dispose();
      m.material.dispose();
    }
  }
}
