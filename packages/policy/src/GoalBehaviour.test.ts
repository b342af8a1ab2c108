import { describe, expect, it } from 'vitest';
import type { sensor_msgs } from '@navstack/msgs';
import { GoalBehaviour } from './GoalBehaviour.ts';
import type { TargetEstimate } from './decision.ts';

const none: TargetEstimate = { inView: false, confidence: 1, pNotInView: 1, column: 0, bearing: 0, range: 0, meanBearing: 0 };
const seen = (bearing: number, range: number): TargetEstimate => ({ inView: true, confidence: 0.9, pNotInView: 0.1, column: 10, bearing, range, meanBearing: bearing });
const open: sensor_msgs.LaserScan = { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'laser' }, angle_min: -Math.PI, angle_max: Math.PI, angle_increment: (2 * Math.PI) / 360, time_increment: 0, scan_time: 0, range_min: 0.1, range_max: 12, ranges: new Float32Array(360).map((_, i) => (i > 170 && i < 190 ? 8 : 2)), intensities: new Float32Array(0) };

describe('GoalBehaviour', () => {
  it('search: turns toward lidar returns the camera has not looked at yet, then explores', () => {
    const b = new GoalBehaviour({ lookRange: 3.5 });
    let p = { x: 0, y: 0, yaw: 0 };
    const d1 = b.update(p, none, open, 0); // walls 2 m away all around, open straight ahead
    expect(d1.mode).toBe('search-rotate');
    expect(Math.abs(d1.goal!.yaw)).toBeGreaterThan(0.5); // away from what the camera already sees
    expect(b.update(p, none, open, 0.5).goal).toBeUndefined(); // still turning
    const yaws = [0];
    for (let t = 1; t < 12 && b.mode === 'search-rotate'; t++) {
      p = { x: 0, y: 0, yaw: b.goal!.yaw };
      yaws.push(p.yaw);
      b.update(p, none, open, t);
    }
    // it looked all around (no gap between headings wider than two camera views) before driving off
    const sorted = yaws.map((y) => (y + 2 * Math.PI) % (2 * Math.PI)).sort((a, c) => a - c);
    const gaps = sorted.map((y, i) => (i + 1 < sorted.length ? sorted[i + 1] - y : sorted[0] + 2 * Math.PI - y));
    expect(Math.max(...gaps)).toBeLessThan(2 * 1.047 + 0.3);
    expect(b.mode).toBe('search-explore');
    expect(Math.hypot(b.goal!.x, b.goal!.y)).toBeGreaterThan(0.7);
  });

  it('commits to a confident target after two consistent frames, with a stand-off, and keeps it when it drops out of view', () => {
    const b = new GoalBehaviour({ standoff: 0.5, verifyFrames: 3 });
    const p = { x: 1, y: 1, yaw: Math.PI / 2 };
    expect(b.update(p, seen(0, 3), undefined, 0).mode).not.toBe('target');
    const d = b.update(p, seen(0.01, 3), undefined, 0.2);
    expect(d.mode).toBe('target');
    expect(d.goal!.x).toBeCloseTo(1 - 2.5 * Math.sin(0.01), 1);
    expect(d.goal!.y).toBeCloseTo(1 + 2.5, 1);
    expect(b.update(p, none, open, 0.4)).toEqual({ mode: 'target' });
    // Arrived: the target must be confirmed ahead, else the detection is rejected and the search resumes.
    const at = { x: d.goal!.x, y: d.goal!.y, yaw: d.goal!.yaw };
    b.update(at, none, open, 1, true);
    expect(b.update(at, none, open, 1.2, true).mode).toBe('target');
    const r = b.update(at, none, open, 1.4, true);
    expect(r.mode).toBe('search-rotate');
    // the rejected place is ignored from then on
    for (let i = 0; i < 3; i++) expect(b.update(p, seen(0.01, 3), undefined, 2 + i * 0.2).mode).not.toBe('target');
    b.reset();
    expect(b.mode).toBe('idle');
  });

  it('declares done only when the navigation stack reports arrival and the target is confirmed ahead', () => {
    const b = new GoalBehaviour({ standoff: 0.5, verifyFrames: 3 });
    const p = { x: 0, y: 0, yaw: 0 };
    for (let i = 0; i < 2; i++) b.update(p, seen(0, 2), undefined, i * 0.2);
    const g = b.goal!;
    const at = { x: g.x, y: g.y, yaw: g.yaw };
    for (let i = 0; i < 5; i++) expect(b.update(at, seen(0, 0.5), undefined, 1 + i * 0.2).mode).toBe('target'); // not reported arrived
    expect(b.update(at, seen(0, 0.5), undefined, 2, true).mode).toBe('target');
    expect(b.update(at, seen(0.05, 0.5), undefined, 2.2, true).mode).toBe('target');
    expect(b.update(at, seen(0.05, 0.5), undefined, 2.4, true).mode).toBe('done');
  });

  it('without the arrival check, arrival at the target goal is done', () => {
    const b = new GoalBehaviour({ standoff: 0.5 });
    const p = { x: 0, y: 0, yaw: 0 };
    for (let i = 0; i < 2; i++) b.update(p, seen(0, 2), undefined, i * 0.2);
    expect(b.update(p, none, undefined, 1, true).mode).toBe('done');
  });

  it('approach check: a close, visible committed object the policy no longer sees is rejected', () => {
    const wall = (r: number): sensor_msgs.LaserScan => ({ ...open, ranges: new Float32Array(360).fill(r) });
    const b = new GoalBehaviour({ standoff: 0.5, approachRejectFrames: 3, approachCheckRange: 2.5 });
    const p = { x: 0, y: 0, yaw: 0 };
    for (let i = 0; i < 2; i++) b.update(p, seen(0, 4), undefined, i * 0.2);
    expect(b.mode).toBe('target');
    // far away (4 m): frames without the target do not count
    for (let i = 0; i < 5; i++) expect(b.update(p, none, wall(4), 1 + i * 0.2).mode).toBe('target');
    // 2 m from the object, the policy sees it where it should be: kept
    const near = { x: 2, y: 0, yaw: 0 };
    for (let i = 0; i < 5; i++) expect(b.update(near, seen(0.02, 2), wall(2), 2 + i * 0.2).mode).toBe('target');
    // ... an occluded object (lidar return much nearer than the object) is not held against it
    for (let i = 0; i < 5; i++) expect(b.update(near, none, wall(0.8), 3 + i * 0.2).mode).toBe('target');
    // ... then it does not see it for three frames: rejected, the search resumes
    b.update(near, none, wall(2), 4);
    b.update(near, none, wall(2), 4.2);
    expect(b.update(near, none, wall(2), 4.4).mode).toBe('search-rotate');
  });
});
