import { describe, expect, it } from 'vitest';
import { defaultMessage, type sensor_msgs } from '@navstack/msgs';
import { Rng } from '@navstack/math';
import { scanNoise } from './closeUpCheck.ts';
import { StillScans } from './StillScans.ts';

/** A round room of radius 3 m seen by a 360-beam lidar with Gaussian range noise `sigma`. */
function noisyScan(rng: Rng, sigma: number): sensor_msgs.LaserScan {
  const ranges = new Float32Array(360).map(() => 3 + sigma * rng.gaussian());
  return { ...defaultMessage('sensor_msgs/msg/LaserScan'), angle_min: -Math.PI, angle_increment: (2 * Math.PI) / 360, range_min: 0.12, range_max: 12, ranges };
}

describe('scans combined while the robot stands still', () => {
  const still = { x: 1, y: 2, yaw: 0.3 };

  it('sharpen a noisy lidar by about the square root of their number, up to the maximum kept', () => {
    const rng = new Rng(1);
    const a = new StillScans(9);
    for (let i = 0; i < 20; i++) a.add(noisyScan(rng, 0.03), still);
    expect(a.count).toBe(9);
    expect(scanNoise(noisyScan(rng, 0.03))).toBeGreaterThan(0.025);
    expect(scanNoise(a.combined()!)).toBeGreaterThan(0.007);
    expect(scanNoise(a.combined()!)).toBeLessThan(0.0135); // about 1.25 x 0.03 / sqrt(9)
  });

  it('are not pulled by a spurious return in one of them', () => {
    const rng = new Rng(3);
    const a = new StillScans();
    for (let i = 0; i < 9; i++) {
      const s = noisyScan(rng, 0.01);
      if (i === 4) s.ranges[100] = 0.3;
      a.add(s, still);
    }
    expect(Math.abs(a.combined()!.ranges[100] - 3)).toBeLessThan(0.02);
  });

  it('start again when the robot moves or turns, and skip beams with no return', () => {
    const rng = new Rng(2);
    const a = new StillScans();
    for (let i = 0; i < 5; i++) a.add(noisyScan(rng, 0.03), still);
    a.add(noisyScan(rng, 0.03), { ...still, x: 1.005 });
    expect(a.count).toBe(1);
    a.add(noisyScan(rng, 0.03), { ...still, x: 1.005, yaw: 0.305 });
    expect(a.count).toBe(1);
    const dropped = noisyScan(rng, 0);
    dropped.ranges[10] = Infinity;
    a.add(dropped, { ...still, x: 1.005, yaw: 0.305 });
    const avg = a.combined()!;
    expect(avg.ranges[10]).toBeGreaterThan(2.8);
    expect(avg.ranges[10]).toBeLessThan(3.2);
    const none = noisyScan(rng, 0);
    none.ranges.fill(Infinity);
    const b = new StillScans();
    b.add(none, still);
    expect(b.combined()!.ranges[0]).toBe(Infinity);
  });
});
