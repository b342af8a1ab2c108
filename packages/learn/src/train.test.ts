import { describe, expect, it } from 'vitest';
import { DEFAULT_PREPROCESS, sampleScan } from '@navstack/policy';
import { defaultMessage } from '@navstack/msgs';
import { flipSample } from './train.ts';

const c = DEFAULT_PREPROCESS;

/** A 360-beam scan all around the robot, range f(bearing). */
function scanOf(f: (bearing: number) => number) {
  const n = 360, inc = (2 * Math.PI) / n;
  return { ...defaultMessage('sensor_msgs/msg/LaserScan'), angle_min: -Math.PI, angle_max: Math.PI - inc, angle_increment: inc, range_min: 0.12, range_max: 12, ranges: Float32Array.from({ length: n }, (_, i) => f(-Math.PI + i * inc)) };
}

describe('training augmentation', () => {
  it('mirror augmentation: flipping a sample equals sampling the mirrored world', () => {
    const tilted = scanOf((b) => 2 + 0.5 * b + (b > 0.1 && b < 0.3 ? -0.4 : 0));
    const mirrored = scanOf((b) => 2 - 0.5 * b + (b < -0.1 && b > -0.3 ? -0.4 : 0));
    const small = new Float32Array(c.rows * c.cols * 3);
    const flipped = flipSample({ small, lidar: sampleScan(c, tilted), instruction: '', file: '', stamp: 0 } as never, c);
    const direct = sampleScan(c, mirrored);
    for (let i = 0; i < direct.length; i++) expect(flipped.lidar[i]).toBeCloseTo(direct[i], 1);
  });
});
