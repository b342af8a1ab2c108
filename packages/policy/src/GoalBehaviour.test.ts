import { describe, expect, it } from 'vitest';
import type { sensor_msgs } from '@navstack/msgs';
import { wrapAngle } from '@navstack/math';
import { GoalBehaviour } from './GoalBehaviour.ts';
import { CoverageGrid } from './CoverageGrid.ts';
import type { TargetEstimate } from './decision.ts';

const none: TargetEstimate = { inView: false, confidence: 1, pNotInView: 1, column: 0, bearing: 0, range: 0, meanBearing: 0 };
const seen = (bearing: number, range: number): TargetEstimate => ({ inView: true, confidence: 0.9, pNotInView: 0.1, column: 10, bearing, range, meanBearing: bearing });
const open: sensor_msgs.LaserScan = { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'laser' }, angle_min: -Math.PI, angle_max: Math.PI, angle_increment: (2 * Math.PI) / 360, time_increment: 0, scan_time: 0, range_min: 0.1, range_max: 12, ranges: new Float32Array(360).map((_, i) => (i > 170 && i < 190 ? 8 : 2)), intensities: new Float32Array(0) };

type Seg = [number, number, number, number];
/** A 360-beam scan of wall segments from a pose (ray casting). */
function scanIn(walls: Seg[], p: { x: number; y: number; yaw: number }): sensor_msgs.LaserScan {
  const ranges = new Float32Array(360).map((_, i) => {
    const a = p.yaw - Math.PI + (i * 2 * Math.PI) / 360;
    const dx = Math.cos(a), dy = Math.sin(a);
    let best = Infinity;
    for (const [x1, y1, x2, y2] of walls) {
      const ex = x2 - x1, ey = y2 - y1;
      const den = dx * ey - dy * ex;
      if (Math.abs(den) < 1e-12) continue;
      const t = ((x1 - p.x) * ey - (y1 - p.y) * ex) / den;
      const u = ((x1 - p.x) * dy - (y1 - p.y) * dx) / den;
      if (t > 0 && u >= 0 && u <= 1) best = Math.min(best, t);
    }
    return best > 12 ? Infinity : best;
  });
  return { ...open, ranges };
}

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
    expect(Math.hypot(b.goal!.x, b.goal!.y)).toBeGreaterThan(0.5);
  });

  it('search: a candidate in view while turning stops the turn and faces it, then commits when it is seen steadily', () => {
    const weak = (bearing: number): TargetEstimate => ({ ...seen(bearing, 3), confidence: 0.4, pNotInView: 0.35 });
    const b = new GoalBehaviour({ lookRange: 3.5 });
    const p = { x: 0, y: 0, yaw: 0 };
    const d1 = b.update(p, none, open, 0);
    expect(d1.mode).toBe('search-rotate');
    const turning = { ...p, yaw: 0.3 * Math.sign(d1.goal!.yaw) }; // part of the way round
    // too weak to commit to, but worth a steady look: the turn stops, facing it, where the robot stands
    const d2 = b.update(turning, weak(0.4), open, 0.2);
    expect(d2.mode).toBe('search-rotate');
    expect(d2.goal).toEqual({ x: 0, y: 0, yaw: expect.closeTo(turning.yaw + 0.4, 5) });
    // facing it, two confident frames at the same place commit to it
    const facing = { ...turning, yaw: d2.goal!.yaw };
    b.update(facing, seen(0.02, 3), open, 0.4);
    const d3 = b.update(facing, seen(0.01, 3), open, 0.6);
    expect(d3.mode).toBe('target');
    expect(Math.abs(wrapAngle(d3.goal!.yaw - facing.yaw))).toBeLessThan(0.05);
  });

  it('search: a stop to face a candidate lasts holdSeconds even when the network misses it in the next frames', () => {
    const weak = (bearing: number): TargetEstimate => ({ ...seen(bearing, 3), confidence: 0.4, pNotInView: 0.35 });
    const b = new GoalBehaviour({ lookRange: 3.5, holdSeconds: 0.8 });
    const p = { x: 0, y: 0, yaw: 0 };
    b.update(p, none, open, 0);
    const facing = { ...p, yaw: b.update(p, weak(0.4), open, 0.2).goal!.yaw };
    expect(b.update(facing, none, open, 0.4)).toEqual({ mode: 'search-rotate' }); // facing it, waiting
    expect(b.update(facing, none, open, 0.8)).toEqual({ mode: 'search-rotate' });
    expect(b.update(facing, none, open, 1.1).goal).toBeDefined(); // then the look-around goes on
  });

  it('search: a turn stops for a candidate at most holdsPerTurn times, then goes on', () => {
    const weak = (bearing: number): TargetEstimate => ({ ...seen(bearing, 3), confidence: 0.4, pNotInView: 0.35 });
    const b = new GoalBehaviour({ lookRange: 3.5, holdsPerTurn: 2 });
    const p = { x: 0, y: 0, yaw: 0 };
    b.update(p, none, open, 0);
    expect(b.update(p, weak(0.4), open, 0.2).goal!.yaw).toBeCloseTo(0.4, 5);
    expect(b.update(p, weak(-0.4), open, 0.4).goal!.yaw).toBeCloseTo(-0.4, 5);
    // a third flicker does not move it: the turn goes on to the last heading (no new goal while turning)
    expect(b.update(p, weak(0.4), open, 0.6)).toEqual({ mode: 'search-rotate' });
    expect(b.goal!.yaw).toBeCloseTo(-0.4, 5);
  });

  it('search finishes: in a closed room (an L of two rooms) it looks everywhere, then says not found', () => {
    // two rooms joined by a 1.2 m doorway; the robot drives to every goal it is given
    const walls: Seg[] = [
      [-3, -2, 3, -2], [3, -2, 3, 2], [3, 2, -3, 2], [-3, 2, -3, -2], // room A, 6 x 4
      [3, -2, 9, -2], [9, -2, 9, 2], [9, 2, 3, 2], // room B beside it
    ];
    const inner: Seg[] = [[3, -2, 3, -0.6], [3, 0.6, 3, 2]]; // the wall between them, with the doorway
    const all = [...walls.filter((w) => !(w[0] === 3 && w[2] === 3)), ...inner];
    const b = new GoalBehaviour({ lookRange: 3.5 });
    let p = { x: -2, y: 0, yaw: 0 };
    let t = 0;
    const seenCells = new Set<string>();
    for (let i = 0; i < 400 && b.mode !== 'not-found'; i++) {
      const d = b.update(p, none, scanIn(all, p), t);
      if (b.goal && (d.mode === 'search-rotate' || d.mode === 'search-explore')) p = { ...b.goal };
      seenCells.add(`${Math.round(p.x)},${Math.round(p.y)}`);
      t += 0.5;
    }
    expect(b.mode).toBe('not-found');
    expect(b.endReason).toBe('covered');
    expect(b.grid.coverage()).toBeGreaterThan(0.9);
    expect([...seenCells].some((c) => Number(c.split(',')[0]) > 4)).toBe(true); // it went through the doorway
    expect(b.update(p, none, scanIn(all, p), t + 1)).toEqual({ mode: 'not-found' }); // and stays there until a new instruction
  });

  it("search ends with not found when the operator's time budget runs out", () => {
    const b = new GoalBehaviour({ searchBudget: 10 });
    const p = { x: 0, y: 0, yaw: 0 };
    for (let t = 0; t < 9.9; t += 0.5) expect(b.update(p, none, open, t).mode).not.toBe('not-found');
    expect(b.update(p, none, open, 10.2).mode).toBe('not-found');
    expect(b.endReason).toBe('budget');
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

  it('while the close-up check asks to wait (scans of a noisy lidar being combined) nothing counts, for a while', () => {
    const arrive = (closeUp: (mayWait: boolean) => 'yes' | 'no' | 'unknown' | 'wait') => {
      const b = new GoalBehaviour({ standoff: 0.5, verifyFrames: 2 });
      for (let i = 0; i < 2; i++) b.update({ x: 0, y: 0, yaw: 0 }, seen(0, 2), undefined, i * 0.2);
      const g = b.goal!;
      return (t: number) => b.update({ x: g.x, y: g.y, yaw: g.yaw }, seen(0, 0.5), undefined, t, true, { closeUp }).mode;
    };
    // six frames of waiting, then two confirmations: done (six unclear looks would have rejected it)
    let frame = 0;
    const step = arrive(() => (frame++ < 6 ? 'wait' : 'yes'));
    for (let i = 0; i < 6; i++) expect(step(1 + i * 0.2)).toBe('target');
    expect(step(2.2)).toBe('target');
    expect(step(2.4)).toBe('done');
    // a check that would wait for ever is asked to judge after ten frames: here it then confirms
    const asked: boolean[] = [];
    const patient = arrive((mayWait) => (asked.push(mayWait), mayWait ? 'wait' : 'yes'));
    const modes = Array.from({ length: 12 }, (_, i) => patient(1 + i * 0.2));
    expect(asked.filter((m) => m).length).toBe(10);
    expect(modes.slice(0, 11).every((m) => m === 'target')).toBe(true);
    expect(modes[11]).toBe('done');
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

describe('CoverageGrid', () => {
  // two rooms side by side, x 0-4 and 4-8 (y 0-3), a doorway at y 2.2-3 in the wall between them
  const rooms: Seg[] = [[0, 0, 8, 0], [0, 3, 8, 3], [0, 0, 0, 3], [8, 0, 8, 3], [4, 0, 4, 2.2]];

  it("does not credit a place with surfaces on a wall's far side", () => {
    const grid = new CoverageGrid({ lookRange: 3.5 });
    for (const p of [{ x: 2, y: 1.5, yaw: Math.PI }, { x: 6, y: 1.5, yaw: 0 }, { x: 4, y: 2.6, yaw: Math.PI / 2 }]) grid.observe(p, scanIn(rooms, p));
    const key = (x: number, y: number) => ({ k: grid.key(x, y), ...grid.centre(grid.key(x, y)) });
    // from the left room: its own far wall is in sight, the right room's far wall is not (the partition is between)
    expect(grid.inSight({ x: 2, y: 1.2 }, key(0.05, 1.2))).toBe(true);
    expect(grid.inSight({ x: 3.2, y: 1.2 }, key(5.5, 0.05))).toBe(false);
    // through the doorway, and along a wall at a grazing angle
    expect(grid.inSight({ x: 3.5, y: 2.7 }, key(6, 2))).toBe(true);
    expect(grid.inSight({ x: 0.8, y: 0.6 }, key(3.5, 0.05))).toBe(true);
    // every step's cells can be seen from where it stands
    const t = grid.nextTarget({ x: 2, y: 1.5, yaw: 0 })!;
    expect(t.cells.length).toBeGreaterThan(0);
    for (const k of t.cells) expect(grid.inSight(t, { k, ...grid.centre(k) })).toBe(true);
  });

  it('goes on from a place closer to a wall than the clearance (after a close look at an object)', () => {
    const grid = new CoverageGrid({ lookRange: 3.5 });
    const p = { x: 2, y: 0.25, yaw: -Math.PI / 2 };
    grid.observe(p, scanIn(rooms, p));
    const t = grid.nextTarget(p);
    expect(t).toBeDefined();
    expect(Math.hypot(t!.x - p.x, t!.y - p.y)).toBeGreaterThan(0.5);
  });

  it('sends the search through the doorway into the unmapped room', () => {
    // the right room is unmapped (nothing seen from there); the left room's walls have been looked at
    const grid = new CoverageGrid({ lookRange: 3.5, mapRange: 3 });
    const p = { x: 1.5, y: 2.4, yaw: 0 };
    for (let yaw = 0; yaw < 2 * Math.PI; yaw += 0.5) grid.observe({ ...p, yaw }, scanIn(rooms, { ...p, yaw }));
    const t = grid.nextTarget(p)!;
    expect(t).toBeDefined();
    expect(t.x).toBeGreaterThan(2.5); // toward the doorway at x 4
  });
});
