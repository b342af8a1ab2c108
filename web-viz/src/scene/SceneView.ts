import { AmbientLight, Box3, Color, DirectionalLight, HemisphereLight, Plane, PerspectiveCamera, Raycaster, Scene, Vector2, Vector3, WebGLRenderer } from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import type { SceneObject } from './SceneObject.ts';
import type { RobotModel } from './RobotModel.ts';

export type CameraMode = 'orbit' | 'follow';

const floor = new Plane(new Vector3(0, 0, 1), 0);
const ndc = new Vector2();
const hit = new Vector3();
const desired = new Vector3();
const lookTarget = new Vector3();
/** The start view looks at the world from the south-south-west, about 55 degrees above the floor. */
const FIT_DIRECTION = new Vector3(-0.3, -1, 1.45).normalize();
const FIT_MARGIN = 0.9; // the world's corners stay inside 90% of the view (overlay buttons sit at the edges)
const corner = new Vector3();
const FOLLOW_BACK = 3.2;
const FOLLOW_UP = 2.2;

/** The renderer, camera (orbit or follow-robot), lights and the frame loop of the 3D view. */
export class SceneView {
  readonly scene = new Scene();
  readonly camera = new PerspectiveCamera(55, 1, 0.05, 500);
  readonly renderer: WebGLRenderer;
  readonly controls: OrbitControls;
  readonly objects: SceneObject[] = [];
  mode: CameraMode = 'orbit';
  frames = 0;
  #lastTime = -1;
  readonly #raycaster = new Raycaster();
  readonly #container: HTMLElement;
  readonly #robot: RobotModel;
  readonly #resize: ResizeObserver;
  #raf = 0;
  #down: { x: number; y: number; t: number } | undefined;
  onFloorClick: ((x: number, y: number) => void) | undefined;
  /** The box the start view frames; refitted on resize until the user moves the camera. */
  readonly #fitBox = new Box3();
  userMovedCamera = false;

  constructor(container: HTMLElement, robot: RobotModel) {
    this.#container = container;
    this.#robot = robot;
    this.renderer = new WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(this.#pixelRatio);
    this.renderer.domElement.className = 'scene-canvas';
    container.appendChild(this.renderer.domElement);
    this.scene.background = new Color(0x1b2029);
    this.camera.up.set(0, 0, 1);
    this.camera.position.set(-6, -6, 7);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.target.set(0, 0, 0);
    this.controls.enableDamping = true;
    this.controls.maxPolarAngle = Math.PI * 0.49;
    this.controls.update();
    this.controls.addEventListener('start', () => (this.userMovedCamera = true));
    this.scene.add(new HemisphereLight(0xdde8ff, 0x3a3020, 1.4), new AmbientLight(0xffffff, 0.35));
    const sun = new DirectionalLight(0xffffff, 1.6);
    sun.position.set(5, -8, 12);
    this.scene.add(sun);
    const el = this.renderer.domElement;
    el.addEventListener('pointerdown', (e) => (this.#down = { x: e.clientX, y: e.clientY, t: performance.now() }));
    el.addEventListener('pointerup', (e) => this.#pointerUp(e));
    this.#resize = new ResizeObserver(() => this.resize());
    this.#resize.observe(container);
    this.resize();
  }

  add(o: SceneObject): void {
    this.objects.push(o);
    this.scene.add(o.object);
  }

  setMode(mode: CameraMode): void {
    this.mode = mode;
    this.controls.enabled = mode === 'orbit';
    if (mode === 'orbit' && this.#robot.known) this.controls.target.copy(this.#robot.position);
  }

  resize(): void {
    const w = Math.max(1, this.#container.clientWidth);
    const h = Math.max(1, this.#container.clientHeight);
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.#robot.setViewport(h, this.camera.fov);
    if (!this.userMovedCamera && !this.#fitBox.isEmpty()) this.fitTo(this.#fitBox);
  }

  /** Points the orbit camera at the box's centre from FIT_DIRECTION, as close as it can while every corner stays in view. */
  fitTo(box: Box3): void {
    if (box.isEmpty()) return;
    this.#fitBox.copy(box);
    const target = this.controls.target;
    box.getCenter(target);
    target.z = 0;
    const fits = (d: number) => {
      this.camera.position.copy(FIT_DIRECTION).multiplyScalar(d).add(target);
      this.camera.lookAt(target);
      this.camera.updateMatrixWorld();
      for (let i = 0; i < 8; i++) {
        corner.set(i & 1 ? box.max.x : box.min.x, i & 2 ? box.max.y : box.min.y, i & 4 ? box.max.z : box.min.z).project(this.camera);
        if (corner.z > 1 || Math.abs(corner.x) > FIT_MARGIN || Math.abs(corner.y) > FIT_MARGIN) return false;
      }
      return true;
    };
    let lo = 0.5, hi = 400;
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (fits(mid)) hi = mid;
      else lo = mid;
    }
    fits(hi);
    this.controls.update();
  }

  /** Where a point on the canvas (client coordinates) meets the floor, written into `out`. */
  floorPoint(clientX: number, clientY: number, out: Vector3): boolean {
    const r = this.renderer.domElement.getBoundingClientRect();
    ndc.set(((clientX - r.left) / r.width) * 2 - 1, -((clientY - r.top) / r.height) * 2 + 1);
    this.#raycaster.setFromCamera(ndc, this.camera);
    return this.#raycaster.ray.intersectPlane(floor, out) !== null;
  }

  #pointerUp(e: PointerEvent): void {
    const d = this.#down;
    this.#down = undefined;
    if (!d || e.button !== 0) return;
    // A click, not an orbit drag.
    if (Math.hypot(e.clientX - d.x, e.clientY - d.y) > 6 || performance.now() - d.t > 600) return;
    if (this.floorPoint(e.clientX, e.clientY, hit)) this.onFloorClick?.(hit.x, hit.y);
  }

  /**
   * The frame loop. On a slow (software) renderer a frame can take 100+ ms: the loop then skips
   * animation frames so that rendering uses at most about half of the main thread (teleop, input
   * and messages stay responsive) and lowers the resolution.
   */
  start(): void {
    let nextAt = 0;
    let cost = 0;
    const loop = (now: number) => {
      this.#raf = requestAnimationFrame(loop);
      if (now < nextAt) return;
      const t0 = performance.now();
      this.renderFrame();
      const spent = performance.now() - t0;
      cost = cost === 0 ? spent : cost * 0.8 + spent * 0.2;
      nextAt = t0 + 2 * cost - 4;
      if (cost > 40 && this.#pixelRatio > 0.5) {
        this.#setPixelRatio(this.#pixelRatio * 0.75);
        cost = 0;
      }
    };
    this.#raf = requestAnimationFrame(loop);
  }

  #pixelRatio = Math.min(window.devicePixelRatio, 2);
  #setPixelRatio(r: number): void {
    this.#pixelRatio = r;
    this.renderer.setPixelRatio(r);
    this.resize();
  }

  renderFrame(): void {
    const now = performance.now();
    const dt = this.#lastTime < 0 ? 0 : Math.min(0.1, (now - this.#lastTime) / 1000);
    this.#lastTime = now;
    for (let i = 0; i < this.objects.length; i++) this.objects[i]!.update(dt);
    const r = this.#robot;
    if (this.mode === 'follow' && r.known) {
      desired.set(-FOLLOW_BACK * Math.cos(r.yaw), -FOLLOW_BACK * Math.sin(r.yaw), FOLLOW_UP).add(r.position);
      this.camera.position.lerp(desired, 1 - Math.exp(-dt * 4));
      lookTarget.copy(r.position);
      lookTarget.z += 0.3;
      this.camera.lookAt(lookTarget);
    } else this.controls.update();
    this.renderer.render(this.scene, this.camera);
    this.frames++;
  }

  dispose(): void {
    cancelAnimationFrame(this.#raf);
    this.#resize.disconnect();
    this.controls.dispose();
    for (const o of this.objects) {
      this.scene.remove(o.object);
      o.dispose();
    }
    this.renderer.dispose();
    this.renderer.domElement.remove();
  }
}
