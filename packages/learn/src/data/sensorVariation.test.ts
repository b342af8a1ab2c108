import { describe, expect, it } from 'vitest';
import { Simulator, generateScenario } from '@navstack/sim';
import { Rng } from '@navstack/math';
import { BUNDLED_SENSORS, checkScan } from '@navstack/policy';
import { TRAINING_SENSORS, shiftEnvelope, varyImage, varyScan } from './sensorVariation.ts';

const sim = new Simulator({ world: generateScenario(3).world, seed: 1, start: { x: 0, y: 0, yaw: 0 }, physicsHz: 20 });
const scan = sim.scan(), image = sim.cameraImage();

describe('sensor variation (domain randomization)', () => {
  it('gives scans of other lidars, inside the ranges the card states, the same for the same seed', () => {
    const r = new Rng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const v = varyScan(scan, r);
      seen.add(v.ranges.length);
      expect(v.ranges.length).toBeGreaterThanOrEqual(TRAINING_SENSORS.lidar.beams[0]);
      expect(v.ranges.length).toBeLessThanOrEqual(TRAINING_SENSORS.lidar.beams[1]);
      expect(v.range_max).toBeGreaterThanOrEqual(TRAINING_SENSORS.lidar.rangeMax[0]);
      expect(Math.abs(v.angle_increment) * v.ranges.length).toBeCloseTo(Math.abs(scan.angle_increment) * scan.ranges.length, 5);
      for (const x of v.ranges) expect(Number.isFinite(x) ? x <= v.range_max : true).toBe(true);
      expect(checkScan(TRAINING_SENSORS, v)).toEqual([]);
    }
    expect(seen.size).toBeGreaterThan(2);
    expect(varyScan(scan, new Rng(3)).ranges).toEqual(varyScan(scan, new Rng(3)).ranges);
    // the bundled-sensors envelope (cards without `sensors`) would warn about most of them
    expect(checkScan(BUNDLED_SENSORS, varyScan(scan, new Rng(1))).length + checkScan(BUNDLED_SENSORS, varyScan(scan, new Rng(2))).length).toBeGreaterThan(0);
  });

  it('a fixed shift for evaluation: 0.03 m lidar noise on the same beams, the exposure changed', () => {
    const env = shiftEnvelope({ lidarNoise: 0.03, exposure: [0.7], whiteBalance: 0, pixelNoise: 0 }, new Rng(1));
    const v = varyScan(scan, new Rng(2), env, { beams: true, rangeMax: true });
    expect(v.ranges.length).toBe(scan.ranges.length);
    const diffs: number[] = [];
    for (let i = 0; i < scan.ranges.length; i++) if (Number.isFinite(scan.ranges[i]) && Number.isFinite(v.ranges[i])) diffs.push(v.ranges[i] - scan.ranges[i]);
    const sd = Math.sqrt(diffs.reduce((s, d) => s + d * d, 0) / diffs.length);
    expect(sd).toBeGreaterThan(0.02); // added on top of the simulator's 0.01 m: sqrt(0.03^2 - 0.01^2) = 0.028
    expect(sd).toBeLessThan(0.036);
    const dark = varyImage(image, new Rng(3), env);
    const mean = (d: Uint8Array) => d.reduce((s, x) => s + x, 0) / d.length;
    expect(mean(dark.data as Uint8Array) / mean(image.data as Uint8Array)).toBeCloseTo(0.7, 1);
  });
});
