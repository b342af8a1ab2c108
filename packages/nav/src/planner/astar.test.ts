import { describe, expect, it } from 'vitest';
import { astar, smoothPath } from './astar.ts';
import { PlannerError } from './errors.ts';
import { SmoothAStarPlanner } from './SmoothAStarPlanner.ts';
import { Costmap2D } from '../costmap/Costmap2D.ts';
import { pathLength } from '@navstack/math';

function binary(w: number, h: number, blocked: (x: number, y: number) => boolean) {
  const costs = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (blocked(x, y)) costs[y * w + x] = 254;
  return { width: w, height: h, costs };
}

describe('astar', () => {
  it('finds the octile-optimal path on an open grid', () => {
    const g = binary(50, 50, () => false);
    const p = astar(g, 0, 0, 49, 20);
    let len = 0;
    for (let i = 1; i < p.length; i++) {
      const a = p[i - 1]!, b = p[i]!;
      len += Math.hypot((a % 50) - (b % 50), Math.floor(a / 50) - Math.floor(b / 50));
    }
    expect(len).toBeCloseTo(29 + 20 * Math.SQRT2, 6);
  });

  it('goes around a wall and never through it', () => {
    const g = binary(40, 40, (x, y) => x === 20 && y < 35);
    const p = astar(g, 5, 5, 35, 5);
    for (const c of p) expect(g.costs[c]).toBe(0);
    expect(p.some((c) => c % 40 === 20 && Math.floor(c / 40) >= 35)).toBe(true);
  });

  it('reports typed failures', () => {
    const g = binary(20, 20, (x) => x === 10);
    expect(() => astar(g, 2, 2, 15, 2)).toThrow(PlannerError);
    try {
      astar(g, 2, 2, 15, 2);
    } catch (e) {
      expect((e as PlannerError).code).toBe('NO_VALID_PATH');
    }
    expect(() => astar(g, 2, 2, 10, 5)).toThrowError(/goal cell/);
    expect(() => astar(g, 2, 2, 25, 5)).toThrowError(/outside/);
  });

  it('smoothing keeps the path collision-free and shortens it', () => {
    const g = binary(60, 60, (x, y) => x >= 25 && x <= 30 && y >= 10 && y <= 50);
    const p = astar(g, 5, 30, 55, 30);
    const s = smoothPath(g, p);
    expect(s.length).toBeLessThan(p.length);
    const len = (arr: Int32Array) => pathLength(Array.from(arr, (c) => ({ x: c % 60, y: Math.floor(c / 60) })));
    expect(len(s)).toBeLessThanOrEqual(len(p) + 1e-9);
  });
});

describe('SmoothAStarPlanner', () => {
  it('plans around an inflated obstacle with poses every resolution and the goal heading at the end', () => {
    const cm = new Costmap2D({ resolution: 0.05, width: 200, height: 200, originX: 0, originY: 0, inscribedRadius: 0.2, inflationRadius: 0.5, costScalingFactor: 5 });
    for (let y = 0; y < 7; y += 0.025) cm.setObstacle(5, y);
    cm.updateCosts();
    const planner = new SmoothAStarPlanner();
    const path = planner.createPlan(cm, { x: 2, y: 2, yaw: 0 }, { x: 8, y: 2, yaw: 1 });
    expect(path[0]).toMatchObject({ x: 2, y: 2 });
    expect(path.at(-1)).toMatchObject({ x: 8, y: 2, yaw: 1 });
    for (const p of path) expect(cm.distanceAt(p.x, p.y)).toBeGreaterThanOrEqual(0.2);
    for (let i = 1; i < path.length; i++) expect(Math.hypot(path[i]!.x - path[i - 1]!.x, path[i]!.y - path[i - 1]!.y)).toBeLessThanOrEqual(0.0501);
    // around the wall end at y=7: at least 2*(sqrt(3^2+5^2)) ≈ 11.7 m, and not much more
    expect(pathLength(path)).toBeGreaterThan(11.5);
    expect(pathLength(path)).toBeLessThan(13.5);
  });

  it('moves a goal that sits in the inflation margin to the nearest free cell, and refuses one deep in an obstacle', () => {
    const cm = new Costmap2D({ resolution: 0.05, width: 100, height: 100, originX: 0, originY: 0, inscribedRadius: 0.2, inflationRadius: 0.5, costScalingFactor: 5 });
    for (let y = 0; y < 5; y += 0.025) for (let x = 3; x < 4; x += 0.025) cm.setObstacle(x, y);
    cm.updateCosts();
    const planner = new SmoothAStarPlanner({ goalTolerance: 0.25 });
    const path = planner.createPlan(cm, { x: 1, y: 2, yaw: 0 }, { x: 2.9, y: 2, yaw: 0 });
    expect(path.at(-1)!.x).toBeLessThan(2.81);
    expect(() => planner.createPlan(cm, { x: 1, y: 2, yaw: 0 }, { x: 3.5, y: 2, yaw: 0 })).toThrowError(/GOAL|robot radius/);
  });

  it('lets a start inside the inscribed zone escape', () => {
    const cm = new Costmap2D({ resolution: 0.05, width: 100, height: 100, originX: 0, originY: 0, inscribedRadius: 0.2, inflationRadius: 0.5, costScalingFactor: 5 });
    for (let y = 0; y < 5; y += 0.025) cm.setObstacle(2, y);
    cm.updateCosts();
    const path = new SmoothAStarPlanner().createPlan(cm, { x: 1.88, y: 2, yaw: 0 }, { x: 1, y: 4, yaw: 0 });
    expect(path.length).toBeGreaterThan(2);
  });
});
