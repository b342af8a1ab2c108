/**
 * The one preprocessing path shared by training, the policy node, evaluation and the benchmarks.
 * Camera image -> rows x cols area-averaged RGB; lidar -> ranges sampled at each column's bearing;
 * both joined into one feature vector per image column ("column token").
 */
import type { sensor_msgs } from '@navstack/msgs';
import { z } from 'zod';
import { scanSegments } from './lidarShape.ts';

export const PreprocessConfigSchema = z.object({
  /** Downsampled image size. */
  rows: z.number().int().positive(),
  cols: z.number().int().positive(),
  /** Horizontal field of view of the camera, radians. */
  hfov: z.number().positive(),
  /** How image columns map to bearings: a pinhole camera, or equal angle per column. */
  projection: z.enum(['pinhole', 'equiangular']),
  /** Neighbouring image columns joined to each column token (each side). */
  neighbours: z.number().int().nonnegative(),
  /** Lidar samples per column, spread from the bearing of column c-1 to that of column c+1. */
  lidarSamples: z.number().int().positive(),
  /** Ranges are divided by this and clipped to [0, 1]; missing returns read as 1. */
  rangeMax: z.number().positive(),
  /**
   * Lidar shape samples per column: range minus the range at the column's own bearing, times
   * `shapeScale` (1/m), clipped to [-1, 1], at bearings from column k-shapeSpan to k+shapeSpan. Absolute
   * ranges / 10 m hide the few centimetres that tell a box's flat faces and corners from a cylinder's
   * arc; under the renderer's flat shading the camera barely can. 0 in cards written before them.
   */
  shapeSamples: z.number().int().nonnegative().default(0),
  shapeSpan: z.number().positive().default(3),
  shapeScale: z.number().positive().default(5),
  /**
   * Three values per column from the scan segment (object) the column's bearing hits (see lidarShape.ts):
   * round-versus-cornered evidence (signed log, [-1, 1]), curvature / 8 m^-1 and width / 2 m, clipped to
   * [0, 1]; zeros when no segment. Unlike the shape samples these do not depend on the distance.
   * false in cards written before them.
   */
  objectFeatures: z.boolean().default(false),
  /** Ablations: the named input is zeroed (camera 0, lidar 1, language 0) in training and inference alike. */
  ablate: z.object({ camera: z.boolean(), lidar: z.boolean(), language: z.boolean() }),
});
export type PreprocessConfig = z.infer<typeof PreprocessConfigSchema>;

export const DEFAULT_PREPROCESS: PreprocessConfig = {
  rows: 24,
  cols: 32,
  hfov: (60 * Math.PI) / 180,
  projection: 'pinhole',
  neighbours: 1,
  lidarSamples: 5,
  rangeMax: 10,
  shapeSamples: 9,
  shapeSpan: 3,
  shapeScale: 5,
  objectFeatures: true,
  ablate: { camera: false, lidar: false, language: false },
};

/** Object values per column when `objectFeatures` is on. */
export const OBJECT_FEATURES = 3;

/** Lidar values per column: absolute samples, then shape samples, then object values. */
export function lidarPerColumn(c: PreprocessConfig): number {
  return c.lidarSamples + c.shapeSamples + (c.objectFeatures ? OBJECT_FEATURES : 0);
}

export function featureSize(c: PreprocessConfig): number {
  return (2 * c.neighbours + 1) * c.rows * 3 + lidarPerColumn(c) + 1;
}

/** Bearing (rad, +left, REP-103) of the centre of image column `col` (may be fractional). */
export function columnBearing(c: PreprocessConfig, col: number): number {
  const u = ((col + 0.5) / c.cols - 0.5) * 2; // -1 at the left edge, +1 at the right edge
  if (c.projection === 'equiangular') return (-u * c.hfov) / 2;
  return -Math.atan(u * Math.tan(c.hfov / 2));
}

/** Fractional column index of a bearing (inverse of columnBearing); outside [0, cols) when out of view. */
export function bearingColumn(c: PreprocessConfig, bearing: number): number {
  let u: number;
  if (c.projection === 'equiangular') u = (-2 * bearing) / c.hfov;
  else {
    if (Math.abs(bearing) >= Math.PI / 2) return bearing > 0 ? -Infinity : Infinity;
    u = -Math.tan(bearing) / Math.tan(c.hfov / 2);
  }
  return ((u / 2 + 0.5) * c.cols) - 0.5;
}

export class PreprocessError extends Error {
  constructor(msg: string) {
    super(msg);
    this.name = 'PreprocessError';
  }
}

/** Area-averaged rows x cols x 3 image in [0, 1] (row-major, RGB). Accepts rgb8, bgr8, rgba8, bgra8, mono8. */
export function downsampleImage(c: PreprocessConfig, image: sensor_msgs.Image, out: Float32Array = new Float32Array(c.rows * c.cols * 3)): Float32Array {
  const { width, height, step, encoding } = image;
  const data = image.data as Uint8Array;
  const layout: Record<string, [number, number, number, number]> = {
    rgb8: [3, 0, 1, 2],
    bgr8: [3, 2, 1, 0],
    rgba8: [4, 0, 1, 2],
    bgra8: [4, 2, 1, 0],
    mono8: [1, 0, 0, 0],
  };
  const l = layout[encoding];
  if (!l) throw new PreprocessError(`camera/image_raw: encoding '${encoding}' is not supported; use rgb8 (or bgr8, rgba8, bgra8, mono8)`);
  const [bpp, ri, gi, bi] = l;
  if (width < c.cols || height < c.rows) throw new PreprocessError(`camera/image_raw: image ${width}x${height} is smaller than the model input ${c.cols}x${c.rows}`);
  if (data.length < step * height || step < width * bpp) throw new PreprocessError(`camera/image_raw: data has ${data.length} bytes, step ${step}, expected at least ${width * bpp * height}`);
  for (let r = 0; r < c.rows; r++) {
    const y0 = Math.floor((r * height) / c.rows);
    const y1 = Math.floor(((r + 1) * height) / c.rows);
    for (let k = 0; k < c.cols; k++) {
      const x0 = Math.floor((k * width) / c.cols);
      const x1 = Math.floor(((k + 1) * width) / c.cols);
      let sr = 0, sg = 0, sb = 0;
      for (let y = y0; y < y1; y++) {
        let p = y * step + x0 * bpp;
        for (let x = x0; x < x1; x++, p += bpp) {
          sr += data[p + ri];
          sg += data[p + gi];
          sb += data[p + bi];
        }
      }
      const n = 255 * (y1 - y0) * (x1 - x0);
      const o = (r * c.cols + k) * 3;
      out[o] = sr / n;
      out[o + 1] = sg / n;
      out[o + 2] = sb / n;
    }
  }
  return out;
}

/** Index of the beam nearest a bearing, or -1 when the bearing is outside the scan. */
export function beamAt(scan: sensor_msgs.LaserScan, bearing: number): number {
  const n = scan.ranges.length;
  if (n === 0 || scan.angle_increment === 0) return -1;
  const span = scan.angle_increment * n;
  let rel = bearing - scan.angle_min;
  if (Math.abs(span) >= 2 * Math.PI - Math.abs(scan.angle_increment) * 1.5) {
    rel = ((rel % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
  }
  let i = Math.round(rel / scan.angle_increment);
  if (i === n && Math.abs(span) >= 2 * Math.PI - 1e-6) i = 0;
  return i < 0 || i >= n ? -1 : i;
}

/** Range (m) of the scan at a bearing (nearest beam); NaN/inf/out-of-limits and bearings outside the scan read as rangeMax. */
export function rangeAt(scan: sensor_msgs.LaserScan, bearing: number, rangeMax: number): number {
  const i = beamAt(scan, bearing);
  if (i < 0) return rangeMax;
  const r = scan.ranges[i];
  if (!Number.isFinite(r) || r < scan.range_min || r > scan.range_max) return rangeMax;
  return Math.min(r, rangeMax);
}

/** Per column: lidarSamples ranges divided by rangeMax, then shapeSamples relative ranges, then object values (see the schema). */
export function sampleScan(c: PreprocessConfig, scan: sensor_msgs.LaserScan, out: Float32Array = new Float32Array(c.cols * lidarPerColumn(c))): Float32Array {
  if (scan.ranges.length === 0) throw new PreprocessError('scan: LaserScan has no ranges');
  const L = lidarPerColumn(c);
  const objects = c.objectFeatures ? scanSegments(scan) : undefined;
  for (let k = 0; k < c.cols; k++) {
    if (objects) {
      const i = beamAt(scan, columnBearing(c, k));
      const seg = i >= 0 && objects.segmentOf[i] >= 0 ? objects.segments[objects.segmentOf[i]] : undefined;
      const o = k * L + c.lidarSamples + c.shapeSamples;
      out[o] = seg ? Math.max(-1, Math.min(1, (Math.sign(seg.roundness) * Math.log1p(Math.abs(seg.roundness) / 10)) / 4)) : 0;
      out[o + 1] = seg ? Math.min(1, seg.curvature / 8) : 0;
      out[o + 2] = seg ? Math.min(1, seg.width / 2) : 0;
    }
    for (let s = 0; s < c.lidarSamples; s++) {
      const col = c.lidarSamples === 1 ? k : k - 1 + (2 * s) / (c.lidarSamples - 1);
      out[k * L + s] = rangeAt(scan, columnBearing(c, col), c.rangeMax) / c.rangeMax;
    }
    if (c.shapeSamples === 0) continue;
    const own = rangeAt(scan, columnBearing(c, k), c.rangeMax);
    for (let s = 0; s < c.shapeSamples; s++) {
      const col = c.shapeSamples === 1 ? k : k - c.shapeSpan + (2 * c.shapeSpan * s) / (c.shapeSamples - 1);
      const rel = (rangeAt(scan, columnBearing(c, col), c.rangeMax) - own) * c.shapeScale;
      out[k * L + c.lidarSamples + s] = Math.max(-1, Math.min(1, rel));
    }
  }
  return out;
}

/** Joins the downsampled image and lidar samples into cols x featureSize column tokens. */
export function columnFeatures(c: PreprocessConfig, small: Float32Array, lidar: Float32Array, out: Float32Array = new Float32Array(c.cols * featureSize(c))): Float32Array {
  const F = featureSize(c);
  const camOff = c.ablate.camera;
  const lidOff = c.ablate.lidar;
  for (let k = 0; k < c.cols; k++) {
    let o = k * F;
    for (let d = -c.neighbours; d <= c.neighbours; d++) {
      const kk = k + d;
      const inside = kk >= 0 && kk < c.cols;
      for (let r = 0; r < c.rows; r++) {
        const src = (r * c.cols + kk) * 3;
        out[o++] = inside && !camOff ? small[src] : 0;
        out[o++] = inside && !camOff ? small[src + 1] : 0;
        out[o++] = inside && !camOff ? small[src + 2] : 0;
      }
    }
    const L = lidarPerColumn(c);
    for (let s = 0; s < c.lidarSamples; s++) out[o++] = lidOff ? 1 : lidar[k * L + s];
    for (let s = c.lidarSamples; s < L; s++) out[o++] = lidOff ? 0 : lidar[k * L + s];
    out[o++] = columnBearing(c, k) / c.hfov;
  }
  return out;
}

/** Everything the network sees, from ROS messages: the function the node and training both call. */
export function preprocess(
  c: PreprocessConfig,
  scan: sensor_msgs.LaserScan,
  image: sensor_msgs.Image,
  scratch?: { small?: Float32Array; lidar?: Float32Array; columns?: Float32Array },
): { small: Float32Array; lidar: Float32Array; columns: Float32Array } {
  const small = downsampleImage(c, image, scratch?.small);
  const lidar = sampleScan(c, scan, scratch?.lidar);
  const columns = columnFeatures(c, small, lidar, scratch?.columns);
  return { small, lidar, columns };
}

/** Instruction -> bag of words (zeroed when the language input is ablated); unknown words are returned for status. */
export function textFeatures(
  c: PreprocessConfig,
  vocab: { size: number; bagOfWords(text: string, out?: Float32Array): { vector: Float32Array; unknown: string[] } },
  text: string,
  out: Float32Array = new Float32Array(vocab.size),
): { vector: Float32Array; unknown: string[] } {
  const r = vocab.bagOfWords(text, out);
  if (c.ablate.language) r.vector.fill(0);
  return r;
}
