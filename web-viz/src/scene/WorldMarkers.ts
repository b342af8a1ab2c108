import {
  Box3,
  BoxGeometry,
  BufferGeometry,
  Color,
  ConeGeometry,
  CylinderGeometry,
  Float32BufferAttribute,
  Group,
  InstancedMesh,
  Line,
  LineBasicMaterial,
  LineSegments,
  Matrix4,
  Mesh,
  MeshStandardMaterial,
  Object3D,
  Points,
  PointsMaterial,
  Quaternion,
  SphereGeometry,
  Vector3,
  type Material,
} from 'three';
import type { ColorRGBA, Marker, MarkerArray } from '../ros/messages.ts';
import type { SceneObject } from './SceneObject.ts';
import type { TfTree } from './TfTree.ts';

// visualization_msgs/Marker types and actions
const ARROW = 0, CUBE = 1, SPHERE = 2, CYLINDER = 3, LINE_STRIP = 4, LINE_LIST = 5, CUBE_LIST = 6, SPHERE_LIST = 7, POINTS = 8, TRIANGLE_LIST = 11;
const DELETE = 2, DELETEALL = 3;

const frameT = new Vector3();
const frameQ = new Quaternion();
const m4 = new Matrix4();
const v3 = new Vector3();
const unitQ = new Quaternion();

/** The world from world_markers (visualization_msgs/MarkerArray): one three.js object per marker, keyed by ns/id. */
export class WorldMarkers implements SceneObject {
  readonly object = new Group();
  readonly #byKey = new Map<string, Object3D>();
  readonly #box = new BoxGeometry(1, 1, 1);
  readonly #sphere = new SphereGeometry(0.5, 20, 14);
  readonly #cylinder = new CylinderGeometry(0.5, 0.5, 1, 24).rotateX(Math.PI / 2);
  readonly #cone = new ConeGeometry(0.5, 1, 16).rotateZ(-Math.PI / 2);
  readonly #materials = new Map<string, Material>();
  readonly #tf: TfTree;
  count = 0;
  /** The bounds of everything standing in the world (floors and ground planes left out), empty until markers come. */
  readonly extent = new Box3();
  /** Bumped whenever `extent` changes. */
  extentVersion = 0;

  constructor(tf: TfTree) {
    this.#tf = tf;
    this.object.name = 'world';
  }

  #material(c: ColorRGBA, kind: 'mesh' | 'line' | 'points', size = 0.05): Material {
    const a = c.a === 0 ? 1 : c.a;
    const key = `${kind}:${c.r.toFixed(3)},${c.g.toFixed(3)},${c.b.toFixed(3)},${a.toFixed(2)},${size}`;
    let m = this.#materials.get(key);
    if (!m) {
      const color = new Color(c.r, c.g, c.b);
      const transparent = a < 1;
      m =
        kind === 'mesh'
          ? new MeshStandardMaterial({ color, transparent, opacity: a, roughness: 0.8, metalness: 0.05 })
          : kind === 'line'
            ? new LineBasicMaterial({ color, transparent, opacity: a })
            : new PointsMaterial({ color, transparent, opacity: a, size });
      this.#materials.set(key, m);
    }
    return m;
  }

  setMarkers(msg: MarkerArray): void {
    for (const mk of msg.markers) this.#apply(mk);
    this.count = this.#byKey.size;
    this.extent.makeEmpty();
    this.object.updateMatrixWorld(true);
    for (const o of this.#byKey.values()) if (!o.userData.flat) this.extent.expandByObject(o);
    this.extentVersion++;
  }

  #remove(key: string): void {
    const o = this.#byKey.get(key);
    if (!o) return;
    this.object.remove(o);
    o.traverse((x) => {
      const g = (x as Mesh).geometry as BufferGeometry | undefined;
      if (g && g !== this.#box && g !== this.#sphere && g !== this.#cylinder && g !== this.#cone) g.dispose();
      if (x instanceof InstancedMesh) x.dispose();
    });
    this.#byKey.delete(key);
  }

  #apply(mk: Marker): void {
    const key = `${mk.ns}/${mk.id}`;
    if (mk.action === DELETEALL) {
      for (const k of [...this.#byKey.keys()]) this.#remove(k);
      return;
    }
    this.#remove(key);
    if (mk.action === DELETE) return;
    const o = this.#build(mk);
    if (!o) return;
    // Place it: frame pose in the fixed frame, then the marker's pose.
    this.#tf.lookup(mk.header.frame_id || this.#tf.fixedFrame, frameT, frameQ);
    const p = mk.pose;
    o.position.set(p.position.x, p.position.y, p.position.z).applyQuaternion(frameQ).add(frameT);
    o.quaternion.set(p.orientation.x, p.orientation.y, p.orientation.z, p.orientation.w);
    if (o.quaternion.lengthSq() < 1e-9) o.quaternion.identity();
    o.quaternion.premultiply(frameQ);
    o.name = key;
    // a ground plane (a thin box up to 200 m wide) says nothing of where the world is
    o.userData.flat = mk.type === CUBE && mk.scale.z < 0.01;
    this.object.add(o);
    this.#byKey.set(key, o);
  }

  #build(mk: Marker): Object3D | undefined {
    const s = mk.scale;
    switch (mk.type) {
      case CUBE:
      case SPHERE:
      case CYLINDER: {
        const geo = mk.type === CUBE ? this.#box : mk.type === SPHERE ? this.#sphere : this.#cylinder;
        const g = new Group();
        const mesh = new Mesh(geo, this.#material(mk.color, 'mesh'));
        mesh.scale.set(s.x || 1e-3, s.y || 1e-3, s.z || 1e-3);
        g.add(mesh);
        return g;
      }
      case ARROW: {
        const g = new Group();
        const len = mk.points.length === 2 ? v3.set(mk.points[1]!.x - mk.points[0]!.x, mk.points[1]!.y - mk.points[0]!.y, mk.points[1]!.z - mk.points[0]!.z).length() : s.x;
        const width = mk.points.length === 2 ? s.x : s.y;
        const shaft = new Mesh(this.#cylinder, this.#material(mk.color, 'mesh'));
        shaft.scale.set(width, width, len * 0.75);
        shaft.rotation.y = Math.PI / 2;
        shaft.position.x = len * 0.375;
        const head = new Mesh(this.#cone, this.#material(mk.color, 'mesh'));
        head.scale.set(len * 0.25, width * 2, width * 2);
        head.position.x = len * 0.875;
        g.add(shaft, head);
        return g;
      }
      case LINE_STRIP:
      case LINE_LIST: {
        const geo = new BufferGeometry().setAttribute('position', new Float32BufferAttribute(mk.points.flatMap((p) => [p.x, p.y, p.z]), 3));
        const mat = this.#material(mk.color, 'line');
        return mk.type === LINE_STRIP ? new Line(geo, mat) : new LineSegments(geo, mat);
      }
      case CUBE_LIST:
      case SPHERE_LIST: {
        const n = mk.points.length;
        if (n === 0) return undefined;
        const inst = new InstancedMesh(mk.type === CUBE_LIST ? this.#box : this.#sphere, this.#material(mk.color, 'mesh'), n);
        for (let i = 0; i < n; i++) {
          const p = mk.points[i]!;
          m4.compose(v3.set(p.x, p.y, p.z), unitQ, new Vector3(s.x || 1e-3, s.y || 1e-3, s.z || 1e-3));
          inst.setMatrixAt(i, m4);
          const c = mk.colors[i];
          if (c) inst.setColorAt(i, new Color(c.r, c.g, c.b));
        }
        return inst;
      }
      case POINTS: {
        const geo = new BufferGeometry().setAttribute('position', new Float32BufferAttribute(mk.points.flatMap((p) => [p.x, p.y, p.z]), 3));
        return new Points(geo, this.#material(mk.color, 'points', s.x || 0.05));
      }
      case TRIANGLE_LIST: {
        const geo = new BufferGeometry().setAttribute('position', new Float32BufferAttribute(mk.points.flatMap((p) => [p.x, p.y, p.z]), 3));
        geo.computeVertexNormals();
        return new Mesh(geo, this.#material(mk.color, 'mesh'));
      }
      default:
        return undefined; // text and meshes from files are not drawn
    }
  }

  update(): void {}

  dispose(): void {
    for (const k of [...this.#byKey.keys()]) this.#remove(k);
    this.#box.dispose();
    this.#sphere.dispose();
    this.#cylinder.dispose();
    this.#cone.dispose();
    for (const m of this.#materials.values()) m.dispose();
    this.#materials.clear();
  }
}
