import { CanvasTexture, CylinderGeometry, Euler, Group, Mesh, MeshBasicMaterial, MeshStandardMaterial, Quaternion, Shape, ShapeGeometry, Sprite, SpriteMaterial, SRGBColorSpace, Vector3 } from 'three';
import type { Odometry } from '../ros/messages.ts';
import type { SceneObject } from './SceneObject.ts';
import type { TfTree } from './TfTree.ts';

/** Orange: no landmark, costmap or path uses it (landmarks are red, green, blue, yellow; desks brown). */
export const ROBOT_COLOR = 0xff7a00;
const RADIUS = 0.17; // the bundled robot's footprint
const HALO_PX = 46;

const euler = new Euler();

/** A ring drawn at a fixed size on screen, so the robot can be found at any zoom. */
function haloTexture(): CanvasTexture {
  const c = document.createElement('canvas');
  c.width = c.height = 64;
  const g = c.getContext('2d')!;
  g.lineWidth = 6;
  g.strokeStyle = 'rgba(20, 20, 20, 0.85)';
  g.beginPath();
  g.arc(32, 32, 27, 0, Math.PI * 2);
  g.stroke();
  g.lineWidth = 3.5;
  g.strokeStyle = '#ff7a00';
  g.stroke();
  const t = new CanvasTexture(c);
  t.colorSpace = SRGBColorSpace; // drawn in CSS colours
  return t;
}

/**
 * The robot: a round orange body with a white arrow on top that reaches past its front (the heading),
 * and a ring of constant screen size around it. Placed at base_link from /tf (or from odom when /tf has no base_link).
 */
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
  readonly #body: Mesh<CylinderGeometry, MeshStandardMaterial>;
  readonly #arrow: Mesh<ShapeGeometry, MeshBasicMaterial>;
  readonly #halo: Sprite;
  baseFrame = 'base_link';

  constructor(tf: TfTree) {
    this.#tf = tf;
    this.#body = new Mesh(new CylinderGeometry(RADIUS, RADIUS, 0.16, 32).rotateX(Math.PI / 2), new MeshStandardMaterial({ color: ROBOT_COLOR, roughness: 0.45, emissive: 0x802800 }));
    this.#body.position.z = 0.1;
    // An arrow along +x (the robot's forward), flat on top of the body, its tip ahead of the footprint.
    const s = new Shape();
    s.moveTo(RADIUS + 0.2, 0);
    s.lineTo(-0.06, 0.16);
    s.lineTo(0.02, 0);
    s.lineTo(-0.06, -0.16);
    s.closePath();
    this.#arrow = new Mesh(new ShapeGeometry(s), new MeshBasicMaterial({ color: 0xffffff }));
    this.#arrow.position.z = 0.185;
    this.#halo = new Sprite(new SpriteMaterial({ map: haloTexture(), depthTest: false, sizeAttenuation: false, transparent: true }));
    this.#halo.position.z = 0.1;
    this.#halo.renderOrder = 10;
    this.object.add(this.#body, this.#arrow, this.#halo);
    this.object.name = 'robot';
    this.object.visible = false;
  }

  setOdometry(m: Odometry): void {
    const p = m.pose.pose;
    this.#odomT.set(p.position.x, p.position.y, p.position.z);
    this.#odomQ.set(p.orientation.x, p.orientation.y, p.orientation.z, p.orientation.w);
    this.#haveOdom = true;
  }

  /** Keeps the halo HALO_PX CSS pixels wide on a canvas of this height (a non-attenuated sprite's scale is in view units). */
  setViewport(heightPx: number, fovDeg: number): void {
    const s = (HALO_PX / heightPx) * 2 * Math.tan((fovDeg * Math.PI) / 360);
    this.#halo.scale.set(s, s, 1);
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
    // ROS z-up: yaw is the Z angle of a Z-Y-X (yaw, pitch, roll) decomposition.
    this.yaw = euler.setFromQuaternion(this.quaternion, 'ZYX').z;
  }

  dispose(): void {
    this.#body.geometry.dispose();
    this.#body.material.dispose();
    this.#arrow.geometry.dispose();
    this.#arrow.material.dispose();
    this.#halo.material.map?.dispose();
    this.#halo.material.dispose();
  }
}
