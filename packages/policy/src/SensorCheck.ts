/**
 * The sensor ranges a model was trained for (its card's `sensors`), and the check policy_node runs on live
 * messages: a lidar or camera outside them gets a plain warning (diagnostics + log) instead of silently worse
 * decisions. Cards written before `sensors` existed were trained on the bundled robot's sensors only.
 */
import { z } from 'zod';
import type { sensor_msgs } from '@navstack/msgs';

const Range = z.tuple([z.number(), z.number()]).refine(([a, b]) => a <= b, 'range must be [min, max] with min <= max');

export const SensorEnvelopeSchema = z.object({
  lidar: z.object({
    /** Beams in a scan. */
    beams: Range,
    /** range_max of the scan (m). */
    rangeMax: Range,
    /** Range noise (standard deviation, m) trained with. */
    noise: Range,
    /** Fraction of beams dropped (no return) and of spurious returns trained with. */
    dropout: Range,
    /** Angular span of the scan (rad): must cover the camera's field of view. */
    span: Range,
  }),
  camera: z.object({
    /** Image sizes trained with (width x height); other sizes of the same aspect are resampled the same way. */
    sizes: z.array(z.tuple([z.number().int().positive(), z.number().int().positive()])).min(1),
    encodings: z.array(z.string()).min(1),
    /** Exposure gain and white-balance gain per channel trained with (1 = as simulated). */
    exposure: Range,
    whiteBalance: Range,
    /** Pixel noise (standard deviation, 0..1 of full scale). */
    noise: Range,
  }),
});
export type SensorEnvelope = z.infer<typeof SensorEnvelopeSchema>;

/** What a card without `sensors` was trained on: the bundled robot's lidar and camera (worlds/ robot description). */
export const BUNDLED_SENSORS: SensorEnvelope = {
  lidar: { beams: [360, 360], rangeMax: [12, 12], noise: [0.01, 0.01], dropout: [0, 0], span: [6.27, 6.29] },
  camera: { sizes: [[64, 48]], encodings: ['rgb8'], exposure: [1, 1], whiteBalance: [1, 1], noise: [0, 0] },
};

const inRange = (v: number, [a, b]: readonly [number, number], slack = 0) => v >= a - slack && v <= b + slack;

/** Problems with a live scan for a model trained on `env` (empty when it fits). */
export function checkScan(env: SensorEnvelope, scan: sensor_msgs.LaserScan, topic = 'scan'): string[] {
  const out: string[] = [];
  const l = env.lidar;
  const n = scan.ranges.length;
  if (!(scan.range_max > 0)) out.push(`${topic}: range_max is ${scan.range_max}: every beam reads as "no return" (fix the driver's range_max)`);
  else if (!inRange(scan.range_max, l.rangeMax, 0.01)) out.push(`${topic}: range_max ${scan.range_max} m, the model was trained for ${fmt(l.rangeMax)} m`);
  if (!inRange(n, l.beams)) out.push(`${topic}: ${n} beams, the model was trained for ${fmt(l.beams)}`);
  const span = Math.abs(scan.angle_increment) * n;
  if (!inRange(span, l.span, 0.02)) out.push(`${topic}: the scan spans ${span.toFixed(2)} rad, the model was trained for ${fmt(l.span, 2)} rad`);
  return out;
}

/** Problems with a live image for a model trained on `env` (empty when it fits). */
export function checkImage(env: SensorEnvelope, image: sensor_msgs.Image, topic = 'camera/image_raw'): string[] {
  const out: string[] = [];
  const c = env.camera;
  if (!c.encodings.includes(image.encoding)) out.push(`${topic}: encoding ${image.encoding}, the model was trained on ${c.encodings.join('/')}`);
  const aspect = image.width / Math.max(1, image.height);
  if (!c.sizes.some(([w, h]) => (w === image.width && h === image.height) || Math.abs(w / h - aspect) < 0.02))
    out.push(`${topic}: ${image.width}x${image.height} image, the model was trained on ${c.sizes.map(([w, h]) => `${w}x${h}`).join(', ')} (another aspect ratio changes the bearings of its columns)`);
  return out;
}

function fmt([a, b]: readonly [number, number], digits = 3): string {
  const f = (v: number) => String(Number(v.toFixed(digits)));
  return a === b ? f(a) : `${f(a)}-${f(b)}`;
}
