import { describe, expect, it } from 'vitest';
import type { sensor_msgs } from '@navstack/msgs';
import { DEFAULT_PREPROCESS, bearingColumn, columnBearing, columnFeatures, downsampleImage, featureSize, lidarPerColumn, preprocess, rangeAt, sampleScan, textFeatures } from './preprocess.ts';
import { Vocabulary } from './tokenizer.ts';
import { estimateTarget } from './decision.ts';

const c = DEFAULT_PREPROCESS;

function image(w: number, h: number, f: (x: number, y: number) => [number, number, number]): sensor_msgs.Image {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(f(x, y), (y * w + x) * 3);
  return { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'camera_link' }, width: w, height: h, encoding: 'rgb8', is_bigendian: 0, step: w * 3, data };
}

function scan(f: (bearing: number) => number): sensor_msgs.LaserScan {
  const n = 360, inc = (2 * Math.PI) / n;
  const ranges = new Float32Array(n);
  for (let i = 0; i < n; i++) ranges[i] = f(-Math.PI + i * inc);
  return { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'laser' }, angle_min: -Math.PI, angle_max: Math.PI - inc, angle_increment: inc, time_increment: 0, scan_time: 0.1, range_min: 0.12, range_max: 12, ranges, intensities: new Float32Array(0) };
}

describe('shared preprocessing', () => {
  it('maps columns to bearings (left positive) and back', () => {
    expect(columnBearing(c, 0)).toBeGreaterThan(0);
    expect(columnBearing(c, c.cols - 1)).toBeLessThan(0);
    expect(columnBearing(c, (c.cols - 1) / 2)).toBeCloseTo(0, 9);
    for (const k of [0, 5, 17, 31]) expect(bearingColumn(c, columnBearing(c, k))).toBeCloseTo(k, 6);
  });

  it('area-averages the image; the left half red lands in the left columns', () => {
    const img = image(64, 48, (x) => (x < 32 ? [255, 0, 0] : [0, 0, 255]));
    const s = downsampleImage(c, img);
    expect(s[0]).toBeCloseTo(1); // row 0, col 0, R
    expect(s[2]).toBeCloseTo(0);
    expect(s[(c.cols - 1) * 3 + 2]).toBeCloseTo(1); // last column blue
    expect(() => downsampleImage(c, { ...img, encoding: '16UC1' })).toThrow(/encoding '16UC1'/);
    expect(() => downsampleImage(c, image(8, 8, () => [0, 0, 0]))).toThrow(/smaller than the model input/);
  });

  it('samples the scan at column bearings; invalid returns read as rangeMax', () => {
    const sc = scan((b) => (Math.abs(b) < 0.2 ? 2 : Number.POSITIVE_INFINITY));
    expect(rangeAt(sc, 0, 10)).toBeCloseTo(2);
    expect(rangeAt(sc, 1, 10)).toBe(10);
    const l = sampleScan(c, sc);
    const mid = Math.floor(c.cols / 2);
    expect(l[mid * lidarPerColumn(c) + Math.floor(c.lidarSamples / 2)]).toBeCloseTo(0.2);
    expect(l[0]).toBe(1);
  });

  it('builds cols x featureSize tokens; ablations zero their input', () => {
    const img = image(64, 48, () => [128, 64, 32]);
    const sc = scan(() => 3);
    const { columns } = preprocess(c, sc, img);
    expect(columns.length).toBe(c.cols * featureSize(c));
    const F = featureSize(c);
    // column 0 has no left neighbour: its first block is zeros; centre block holds pixels
    expect(columns[0]).toBe(0);
    expect(columns[c.rows * 3]).toBeCloseTo(128 / 255, 2);
    expect(columns[F - 1]).toBeCloseTo(columnBearing(c, 0) / c.hfov);
    const small = downsampleImage(c, img), lidar = sampleScan(c, sc);
    const noCam = columnFeatures({ ...c, ablate: { camera: true, lidar: false, language: false } }, small, lidar);
    expect(noCam[c.rows * 3]).toBe(0);
    const noLid = columnFeatures({ ...c, ablate: { camera: false, lidar: true, language: false } }, small, lidar);
    expect(noLid[c.rows * 9]).toBe(1); // first absolute lidar sample
    expect(noLid[F - 2]).toBe(0); // last shape sample
    const v = Vocabulary.fromCorpus(['go to the red box']);
    expect([...textFeatures({ ...c, ablate: { camera: false, lidar: false, language: true } }, v, 'red box').vector].every((x) => x === 0)).toBe(true);
  });

  it('lidar shape samples tell a flat face from a round one', () => {
    // the robot faces (at 2 m) a wall perpendicular to the view, or a 0.3 m cylinder
    const wall = scan((b) => (Math.abs(b) < 1.2 ? 2 / Math.cos(b) : 8));
    const R = 0.3, D = 2 + R;
    const cyl = scan((b) => {
      const disc = R * R - D * D * Math.sin(b) ** 2;
      return disc >= 0 && Math.abs(b) < 1 ? D * Math.cos(b) - Math.sqrt(disc) : 8;
    });
    const L = lidarPerColumn(c);
    const mid = c.cols / 2; // the column just right of the centre
    const shape = (l: Float32Array) => [...l.subarray(mid * L + c.lidarSamples, mid * L + c.lidarSamples + c.shapeSamples)];
    const w = shape(sampleScan(c, wall)), y = shape(sampleScan(c, cyl));
    expect(w).toHaveLength(c.shapeSamples);
    // a flat face: centimetres; the cylinder's arc: far more, on both sides
    expect(Math.max(...w.map(Math.abs))).toBeLessThan(0.2);
    expect(y[0]).toBeGreaterThan(4 * w[0]);
    expect(y[c.shapeSamples - 1]).toBeGreaterThan(4 * w[c.shapeSamples - 1]);
    expect(Math.min(y[0], y[c.shapeSamples - 1])).toBeGreaterThan(0.3);
  });

  it('estimates the target from outputs', () => {
    const probs = new Float32Array(c.cols + 1);
    const range = new Float32Array(c.cols).fill(2.5);
    probs[c.cols] = 1;
    expect(estimateTarget(c, probs, range, 0.35).inView).toBe(false);
    probs.fill(0);
    probs[3] = 0.5;
    probs[4] = 0.3;
    probs[c.cols] = 0.2;
    const e = estimateTarget(c, probs, range, 0.35);
    expect(e.inView).toBe(true);
    expect(e.column).toBe(3);
    expect(e.bearing).toBeGreaterThan(0);
    expect(e.range).toBe(2.5);
  });
});
