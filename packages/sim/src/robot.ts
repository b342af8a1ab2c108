// The robot description: an SDF model (robots/navstack_bot/model.sdf) that Gazebo spawns as is and
// from which the embedded simulator reads its footprint, drive limits and sensor parameters.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseXml, XmlError, type XmlElement } from '@navstack/xml';
import { composeTransforms, isUpright, yawOf, type Transform } from '@navstack/math';
import { parseNumber, parsePose, SdfError } from './sdfValues.ts';

export interface MountPose {
  x: number;
  y: number;
  z: number;
  yaw: number;
}

export interface LidarConfig {
  samples: number;
  minAngle: number;
  maxAngle: number;
  rangeMin: number;
  rangeMax: number;
  noiseMean: number;
  noiseStddev: number;
  /** Hz */
  rate: number;
  /** In base_link. */
  pose: MountPose;
  frameId: string;
  topic: string;
}

export interface CameraConfig {
  width: number;
  height: number;
  /** radians */
  hfov: number;
  rate: number;
  near: number;
  far: number;
  pose: MountPose;
  frameId: string;
  topic: string;
  infoTopic: string;
}

export interface DriveConfig {
  wheelSeparation: number;
  wheelRadius: number;
  maxLinear: number;
  minLinear: number;
  maxAngular: number;
  /**
   * Acceleration limits with gz-sim's DiffDrive semantics (gz::math::SpeedLimiter): per step the change
   * of the signed velocity, v_cmd - v, is clamped to [min * dt, max * dt] (m/s^2, rad/s^2). max > 0 and
   * min < 0; min bounds braking while moving forward (and speeding up backwards), max the opposite.
   */
  maxLinearAccel: number;
  minLinearAccel: number;
  maxAngularAccel: number;
  minAngularAccel: number;
  cmdTopic: string;
  odomTopic: string;
  odomFrame: string;
  baseFrame: string;
  odomRate: number;
}

export interface RobotDescription {
  name: string;
  file: string;
  /** Footprint radius (base_link collision). */
  radius: number;
  /** Height range of the body that collides. */
  bodyMinZ: number;
  bodyMaxZ: number;
  drive: DriveConfig;
  lidar: LidarConfig;
  camera: CameraConfig;
}

export const DEFAULT_ROBOT_FILE = fileURLToPath(new URL('../robots/navstack_bot/model.sdf', import.meta.url));

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

function find(el: XmlElement, pathNames: string[]): XmlElement | undefined {
  let cur: XmlElement | undefined = el;
  for (const n of pathNames) cur = cur && child(cur, n);
  return cur;
}

export function parseRobotDescription(text: string, file: string): RobotDescription {
  let root: XmlElement;
  try {
    root = parseXml(text, file);
  } catch (e) {
    if (e instanceof XmlError) throw new SdfError(e.file, e.line, 'xml', e.detail);
    throw e;
  }
  const model = root.name === 'model' ? root : child(root, 'model');
  if (!model) throw new SdfError(file, root.line, root.name, 'a robot description needs a <model>');
  const err = (el: XmlElement, d: string) => new SdfError(file, el.line, el.name, d);
  const num = (el: XmlElement | undefined, def: number, positive = false): number => {
    if (!el) return def;
    const v = parseNumber(el, file);
    if (positive && !(v > 0)) throw err(el, `must be positive, got ${v}`);
    return v;
  };
  const str = (el: XmlElement | undefined, def: string) => (el ? el.text.trim() || def : def);

  const links = new Map<string, { el: XmlElement; t: Transform }>();
  for (const l of model.children.filter((c) => c.name === 'link')) {
    const poseEl = child(l, 'pose');
    const { local, relativeTo } = parsePose(poseEl, file);
    if (relativeTo && relativeTo !== '__model__') throw err(poseEl!, `robot descriptions place links relative to the model only (got relative_to="${relativeTo}")`);
    links.set(l.attributes.name ?? '', { el: l, t: local });
  }
  const base = links.get('base_link') ?? [...links.values()][0];
  if (!base) throw err(model, 'the robot has no links');
  // Mounts are expressed in the model frame, which is base_link's frame when base_link sits at the origin (as in navstack_bot).
  if (Math.hypot(...base.t.p) > 1e-9 || !isUpright(base.t)) throw err(base.el, 'base_link must be at the model origin (its pose is the robot pose)');

  // footprint from the base link's collision
  const col = base.el.children.find((c) => c.name === 'collision');
  if (!col) throw err(base.el, 'base_link needs a <collision> (its footprint is the robot footprint)');
  const colT = composeTransforms(base.t, parsePose(child(col, 'pose'), file).local);
  const cyl = find(col, ['geometry', 'cylinder']);
  const box = find(col, ['geometry', 'box']);
  let radius: number, halfHeight: number;
  if (cyl) {
    radius = num(child(cyl, 'radius'), 0, true);
    halfHeight = num(child(cyl, 'length'), 0, true) / 2;
  } else if (box) {
    const sizeEl = child(box, 'size')!;
    const v = sizeEl.text.trim().split(/\s+/).map(Number);
    if (v.length !== 3 || v.some((x) => !(x > 0))) throw err(sizeEl, `expects 3 positive numbers, got "${sizeEl.text}"`);
    radius = Math.hypot(v[0], v[1]) / 2;
    halfHeight = v[2] / 2;
  } else throw err(col, 'base_link collision must be a cylinder or a box');

  const mount = (linkEl: XmlElement, sensor: XmlElement): MountPose => {
    const link = links.get(linkEl.attributes.name ?? '')!;
    const t = composeTransforms(link.t, parsePose(child(sensor, 'pose'), file).local);
    if (!isUpright(t, 1e-4)) throw err(sensor, 'the embedded simulator needs level sensors (roll and pitch 0)');
    return { x: t.p[0], y: t.p[1], z: t.p[2], yaw: yawOf(t) };
  };

  let lidar: LidarConfig | undefined;
  let camera: CameraConfig | undefined;
  for (const { el: linkEl } of links.values()) {
    for (const s of linkEl.children.filter((c) => c.name === 'sensor')) {
      const type = s.attributes.type ?? '';
      if (['gpu_lidar', 'lidar', 'gpu_ray', 'ray'].includes(type) && !lidar) {
        const l = child(s, 'lidar') ?? child(s, 'ray');
        if (!l) throw err(s, 'a lidar sensor needs a <lidar> (or <ray>) element');
        const h = find(l, ['scan', 'horizontal']);
        if (!h) throw err(l, 'missing <scan><horizontal>');
        const samplesEl = child(h, 'samples');
        const samples = num(samplesEl, 640, true);
        if (!Number.isInteger(samples)) throw err(samplesEl!, `samples must be an integer, got ${samples}`);
        const range = child(l, 'range');
        const noise = child(l, 'noise');
        const minAngle = num(child(h, 'min_angle'), 0);
        const maxAngle = num(child(h, 'max_angle'), 0);
        if (maxAngle < minAngle) throw err(h, `max_angle ${maxAngle} is below min_angle ${minAngle}`);
        const rangeMin = num(range && child(range, 'min'), 0.1);
        const rangeMax = num(range && child(range, 'max'), 10, true);
        if (rangeMin >= rangeMax) throw err(range ?? l, `range min ${rangeMin} must be below max ${rangeMax}`);
        lidar = {
          samples,
          minAngle,
          maxAngle,
          rangeMin,
          rangeMax,
          noiseMean: num(noise && child(noise, 'mean'), 0),
          noiseStddev: num(noise && child(noise, 'stddev'), 0),
          rate: num(child(s, 'update_rate'), 10, true),
          pose: mount(linkEl, s),
          frameId: str(child(s, 'gz_frame_id') ?? child(s, 'frame_id'), linkEl.attributes.name ?? 'laser'),
          topic: str(child(s, 'topic'), 'scan'),
        };
      } else if (type === 'camera' && !camera) {
        const c = child(s, 'camera');
        if (!c) throw err(s, 'a camera sensor needs a <camera> element');
        const image = child(c, 'image');
        const w = num(image && child(image, 'width'), 320, true);
        const hgt = num(image && child(image, 'height'), 240, true);
        const format = image && child(image, 'format');
        if (format && format.text.trim() !== 'R8G8B8') throw err(format, `the embedded simulator renders R8G8B8 (rgb8) only, got ${format.text.trim()}`);
        const clip = child(c, 'clip');
        const hfovEl = child(c, 'horizontal_fov');
        const hfov = num(hfovEl, 1.047, true);
        if (hfov >= Math.PI) throw err(hfovEl!, `horizontal_fov must be below pi, got ${hfov}`);
        camera = {
          width: w,
          height: hgt,
          hfov,
          rate: num(child(s, 'update_rate'), 10, true),
          near: num(clip && child(clip, 'near'), 0.05, true),
          far: num(clip && child(clip, 'far'), 50, true),
          pose: mount(linkEl, s),
          frameId: str(child(s, 'gz_frame_id') ?? child(s, 'frame_id'), linkEl.attributes.name ?? 'camera_link'),
          topic: str(child(s, 'topic'), 'camera/image_raw'),
          infoTopic: str(child(c, 'camera_info_topic'), 'camera/camera_info'),
        };
      }
    }
  }
  if (!lidar) throw err(model, 'the robot has no lidar sensor (<sensor type="gpu_lidar">)');
  if (!camera) throw err(model, 'the robot has no camera sensor (<sensor type="camera">)');

  const dd = model.children.find((c) => c.name === 'plugin' && /DiffDrive|diff[-_]drive/i.test(`${c.attributes.name ?? ''} ${c.attributes.filename ?? ''}`));
  if (!dd) throw err(model, 'the robot has no DiffDrive plugin (gz-sim-diff-drive-system)');
  const g = (n: string) => child(dd, n);
  const maxLinear = num(g('max_linear_velocity') ?? g('max_velocity'), 0.5, true);
  const maxAngular = num(g('max_angular_velocity'), 2.0, true);
  // As gz-sim's DiffDrive: max_acceleration / min_acceleration set both linear and angular limits,
  // the specific elements win. A min left out mirrors the max (symmetric braking).
  const maxLinearAccel = num(g('max_linear_acceleration') ?? g('max_acceleration'), 1.0, true);
  const maxAngularAccel = num(g('max_angular_acceleration') ?? g('max_acceleration'), 4.0, true);
  const minAccel = (el: XmlElement | undefined, max: number): number => {
    const v = num(el, -max);
    if (el && !(v < 0)) throw err(el, `must be negative (the signed acceleration limit that brakes forward motion, as in gz-sim's DiffDrive), got ${v}; e.g. -${max}`);
    return v;
  };
  const drive: DriveConfig = {
    wheelSeparation: num(g('wheel_separation'), 0.26, true),
    wheelRadius: num(g('wheel_radius'), 0.033, true),
    maxLinear,
    minLinear: num(g('min_linear_velocity'), -maxLinear),
    maxAngular,
    maxLinearAccel,
    minLinearAccel: minAccel(g('min_linear_acceleration') ?? g('min_acceleration'), maxLinearAccel),
    maxAngularAccel,
    minAngularAccel: minAccel(g('min_angular_acceleration') ?? g('min_acceleration'), maxAngularAccel),
    cmdTopic: str(g('topic'), 'cmd_vel'),
    odomTopic: str(g('odom_topic'), 'odom'),
    odomFrame: str(g('frame_id'), 'odom'),
    baseFrame: str(g('child_frame_id'), 'base_link'),
    odomRate: num(g('odom_publish_frequency'), 50, true),
  };
  const z = colT.p[2];
  return {
    name: model.attributes.name ?? 'robot',
    file,
    radius,
    bodyMinZ: Math.max(0.005, z - halfHeight),
    bodyMaxZ: z + halfHeight,
    drive,
    lidar,
    camera,
  };
}

let cached: RobotDescription | undefined;

/** Loads a robot description file; without a path, the bundled navstack_bot (cached). */
export function loadRobotDescription(file?: string): RobotDescription {
  if (!file) {
    cached ??= parseRobotDescription(fs.readFileSync(DEFAULT_ROBOT_FILE, 'utf8'), DEFAULT_ROBOT_FILE);
    return cached;
  }
  return parseRobotDescription(fs.readFileSync(file, 'utf8'), file);
}
