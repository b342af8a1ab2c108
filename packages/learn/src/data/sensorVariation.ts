/**
 * Domain randomization around the simulator's outputs: the lidars and cameras of real robots, applied to recorded
 * frames before preprocessing (training) or to sim_node's frames (evaluation under sensor shift). Pure functions of
 * a message and an RNG; the ranges are what the model card's `sensors` then states.
 *
 * Lidar: range noise (0.01-0.05 m standard deviation), dropouts (no return) and spurious short returns, the range
 * limits and beam counts of common 2-D lidars (RPLIDAR A1/A2: 12 m / 360-400 beams; LDS-01 of the TurtleBot3:
 * 3.5 m / 360; Hokuyo UST-10LX: 10 m / 1081 over 270 degrees is excluded: the policy needs the full circle).
 * Camera: exposure gain, white balance per channel, pixel noise, and a shading ramp across the image.
 */
import type { sensor_msgs } from '@navstack/msgs';
import type { SensorEnvelope } from '@navstack/policy';

export interface Rand {
  next(): number;
}

/** What training varies (the card's `sensors`). */
export const TRAINING_SENSORS: SensorEnvelope = {
  lidar: { beams: [240, 1080], rangeMax: [3.5, 30], noise: [0.01, 0.05], dropout: [0, 0.08], span: [6.2, 6.3] },
  // other sizes of the same aspect are area-averaged to the same 24x32 input; bgr8/rgba8/bgra8 are reordered exactly
  camera: { sizes: [[64, 48]], encodings: ['rgb8', 'bgr8', 'rgba8', 'bgra8'], exposure: [0.7, 1.3], whiteBalance: [0.85, 1.15], noise: [0, 0.03] },
};

const BEAMS = [240, 360, 360, 400, 720, 1080];
const RANGE_MAX = [3.5, 8, 12, 12, 16, 30];

function gauss(r: Rand): number {
  const u = Math.max(1e-12, r.next()), v = r.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const u = (r: Rand, [a, b]: readonly [number, number]) => a + (b - a) * r.next();

/** A scan as another lidar would give it (the simulator's scan has 0.01 m noise already; more is added on top). */
export function varyScan(scan: sensor_msgs.LaserScan, r: Rand, env: SensorEnvelope = TRAINING_SENSORS, keep: { beams?: boolean; rangeMax?: boolean } = {}): sensor_msgs.LaserScan {
  const pickBeams = BEAMS[Math.floor(r.next() * BEAMS.length)];
  const pickRange = RANGE_MAX[Math.floor(r.next() * RANGE_MAX.length)];
  const beams = keep.beams ? scan.ranges.length : pickBeams;
  const rangeMax = keep.rangeMax ? scan.range_max : Math.min(env.lidar.rangeMax[1], Math.max(env.lidar.rangeMax[0], pickRange));
  const extraNoise = Math.sqrt(Math.max(0, u(r, env.lidar.noise) ** 2 - 0.01 ** 2));
  const dropout = u(r, env.lidar.dropout);
  const spurious = dropout / 4;
  const n = scan.ranges.length;
  const span = Math.abs(scan.angle_increment) * n;
  const inc = span / beams;
  const ranges = new Float32Array(beams);
  for (let i = 0; i < beams; i++) {
    const a = i * inc;
    const src = scan.ranges[Math.min(n - 1, Math.round(a / Math.abs(scan.angle_increment)) % n)];
    let v = Number.isFinite(src) && src >= scan.range_min && src <= scan.range_max ? src + extraNoise * gauss(r) : Infinity;
    const p = r.next();
    if (p < dropout) v = Infinity;
    else if (p < dropout + spurious) v = scan.range_min + r.next() * 2;
    ranges[i] = v > rangeMax ? Infinity : v;
  }
  return { ...scan, angle_increment: Math.sign(scan.angle_increment || 1) * inc, angle_max: scan.angle_min + inc * (beams - 1), range_max: rangeMax, ranges, intensities: new Float32Array(0) };
}

/** An image as another camera (exposure, white balance, noise, shading) would give it; same size and encoding. */
export function varyImage(image: sensor_msgs.Image, r: Rand, env: SensorEnvelope = TRAINING_SENSORS): sensor_msgs.Image {
  const gain = u(r, env.camera.exposure);
  const wb = [u(r, env.camera.whiteBalance), u(r, env.camera.whiteBalance), u(r, env.camera.whiteBalance)];
  const sigma = u(r, env.camera.noise) * 255;
  const rampX = (r.next() - 0.5) * 0.3, rampY = (r.next() - 0.5) * 0.3;
  const bpp = image.encoding === 'rgba8' || image.encoding === 'bgra8' ? 4 : image.encoding === 'mono8' ? 1 : 3;
  const src = image.data as Uint8Array;
  const data = new Uint8Array(src.length);
  for (let y = 0; y < image.height; y++)
    for (let x = 0; x < image.width; x++) {
      const shade = 1 + rampX * (x / image.width - 0.5) * 2 + rampY * (y / image.height - 0.5) * 2;
      const p = y * image.step + x * bpp;
      for (let c = 0; c < bpp; c++) {
        if (c === 3) {
          data[p + c] = src[p + c];
          continue;
        }
        const v = src[p + c] * gain * wb[bpp === 1 ? 1 : c] * shade + (sigma > 0 ? sigma * gauss(r) : 0);
        data[p + c] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  return { ...image, data };
}

/** A fixed sensor shift for evaluation (the "sensor shift" runs). */
export interface SensorShift {
  /** Lidar range noise, total standard deviation (m); beams and range limit stay the simulator's. */
  lidarNoise?: number;
  /** Camera exposure gains to draw from per episode (e.g. [0.7, 1.3]). */
  exposure?: number[];
  /** White-balance spread (each channel gain in 1 +- this) and pixel noise (0..1 of full scale). */
  whiteBalance?: number;
  pixelNoise?: number;
}

/** The envelope a shift stands for (degenerate ranges: the same shift every frame, the exposure drawn per episode). */
export function shiftEnvelope(s: SensorShift, r: Rand): SensorEnvelope {
  const e = s.exposure?.length ? s.exposure[Math.floor(r.next() * s.exposure.length)] : 1;
  const wb = s.whiteBalance ?? 0;
  return {
    lidar: { ...TRAINING_SENSORS.lidar, noise: [s.lidarNoise ?? 0.01, s.lidarNoise ?? 0.01], dropout: [0, 0] },
    camera: { ...TRAINING_SENSORS.camera, exposure: [e, e], whiteBalance: [1 - wb, 1 + wb], noise: [s.pixelNoise ?? 0, s.pixelNoise ?? 0] },
  };
}
