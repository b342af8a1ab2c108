import { describe, expect, it } from 'vitest';
import type { sensor_msgs } from '@navstack/msgs';
import { GoalBehaviour } from './GoalBehaviour.ts';
import type { TargetEstimate } from './decision.ts';

const none: TargetEstimate = { inView: false, confidence: 1, pNotInView: 1, column: 0, bearing: 0, range: 0 };
const seen = (bearing: number, range: number): TargetEstimate => ({ inView: true, confidence: 0.9, pNotInView: 0.1, column: 10, bearing, range });
const open: sensor_msgs.LaserScan = { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'laser' }, angle_min: -Math.PI, angle_max: Math.PI, angle_increment: (2 * Math.PI) / 360, time_increment: 0, scan_time: 0, range_min: 0.1, range_max: 12, ranges: new Float32Array(360).map((_, i) => (i > 170 && i < 190 ? 8 : 2)), intensities: new Float32Array(0) };

describe('GoalBehaviour', () => {
  it('looks around in three steps, then explores toward open space', () => {
    const b = new GoalBehaviour();
    const p = { x: 0, y: 0, yaw: 0 };
    const d1 = b.update(p, none, open, 0);
    expect(d1.mode).toBe('search-rotate');
    expect(d1.goal!.yaw).toBeCloseTo((2 * Math.PI) / 3);
    expect(b.update(p, none, open, 1).goal).toBeUndefined(); // still turning
    let yaw = d1.goal!.yaw;
    b.update({ x: 0, y: 0, yaw }, none, open, 2);
    yaw = b.goal!.yaw;
    b.update({ x: 0, y: 0, yaw }, none, open, 3);
    yaw = b.goal!.yaw;
    const d4 = b.update({ x: 0, y: 0, yaw }, none, open, 4);
    expect(d4.mode).toBe('search-explore');
    expect(Math.hypot(d4.goal!.x, d4.goal!.y)).toBeGreaterThan(1);
  });

  it('commits to a target after two consistent frames, with a stand-off, and keeps it when it drops out of view', () => {
    const b = new GoalBehaviour({ standoff: 0.5 });
    const p = { x: 1, y: 1, yaw: Math.PI / 2 };
    expect(b.update(p, seen(0, 3), open, 0).mode).not.toBe('target');
    const d = b.update(p, seen(0.01, 3), open, 0.2);
    expect(d.mode).toBe('target');
    expect(d.goal!.x).toBeCloseTo(1 - 2.5 * Math.sin(0.01), 1);
    expect(d.goal!.y).toBeCloseTo(1 + 2.5, 1);
    expect(b.update(p, none, open, 0.4)).toEqual({ mode: 'target' });
    b.reset();
    expect(b.mode).toBe('idle');
  });
});
