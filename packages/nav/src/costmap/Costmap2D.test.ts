import { describe, expect, it } from 'vitest';
import { Costmap2D, CELL_SEEN } from './Costmap2D.ts';
import { INSCRIBED_INFLATED_OBSTACLE, LETHAL_OBSTACLE, costToOccupancy } from './costValues.ts';

function grid(): Costmap2D {
  return new Costmap2D({ resolution: 0.05, width: 200, height: 200, originX: -5, originY: -5, inscribedRadius: 0.2, inflationRadius: 0.5, costScalingFactor: 5 });
}

describe('Costmap2D', () => {
  it('inflates an obstacle: lethal, inscribed within the radius, decaying beyond, free past the inflation radius', () => {
    const cm = grid();
    cm.setObstacle(0.025, 0.025);
    cm.updateCosts();
    expect(cm.costAt(0.025, 0.025)).toBe(LETHAL_OBSTACLE);
    expect(cm.costAt(0.175, 0.025)).toBe(INSCRIBED_INFLATED_OBSTACLE);
    const mid = cm.costAt(0.375, 0.025);
    expect(mid).toBeGreaterThan(0);
    expect(mid).toBeLessThan(INSCRIBED_INFLATED_OBSTACLE);
    expect(cm.costAt(0.725, 0.025)).toBe(0);
    expect(cm.distanceAt(0.325, 0.025)).toBeCloseTo(0.3, 5);
  });

  it('incremental cost updates match a full recomputation', () => {
    const a = grid();
    const b = grid();
    for (const [x, y] of [[1, 1], [-2, 0.5], [3, -3], [1.2, 1.1]]) {
      a.setObstacle(x!, y!);
      b.setObstacle(x!, y!);
    }
    a.updateCosts();
    b.updateCosts();
    a.setObstacle(1.5, 1.5);
    b.setObstacle(1.5, 1.5);
    a.updateCosts({ x0: a.mx(1.5), y0: a.my(1.5), x1: a.mx(1.5) + 1, y1: a.my(1.5) + 1 });
    b.updateCosts();
    expect(Array.from(a.costs)).toEqual(Array.from(b.costs));
  });

  it('marks scan hits and clears cells the beams pass through', () => {
    const cm = grid();
    cm.setObstacle(1.0, 0.0, CELL_SEEN); // a stale obstacle in the beam's way
    // it survives markPersistence - 1 clearing passes (against flicker), then goes
    for (let k = 1; k < cm.markPersistence; k++) cm.updateCosts(cm.updateFromScan({ x: 0, y: 0 }, [{ x: 2, y: 0, mark: true }]));
    expect(cm.obstacles[cm.index(cm.mx(1.0), cm.my(0))]).toBe(CELL_SEEN);
    const box = cm.updateFromScan({ x: 0, y: 0 }, [{ x: 2, y: 0, mark: true }]);
    cm.updateCosts(box);
    expect(cm.obstacles[cm.index(cm.mx(1.0), cm.my(0))]).toBe(0);
    expect(cm.costAt(2, 0)).toBe(LETHAL_OBSTACLE);
    cm.clearSeen();
    expect(cm.costAt(2, 0)).toBe(0);
  });

  it('publishes windows with Nav2 OccupancyGrid values', () => {
    expect(costToOccupancy(LETHAL_OBSTACLE)).toBe(100);
    expect(costToOccupancy(INSCRIBED_INFLATED_OBSTACLE)).toBe(99);
    expect(costToOccupancy(0)).toBe(0);
    expect(costToOccupancy(128)).toBeGreaterThan(0);
    const cm = grid();
    cm.setObstacle(0, 0);
    cm.updateCosts();
    const w = cm.window(0, 0, 2);
    expect(w.width).toBe(40);
    expect(Math.max(...w.data)).toBe(100);
    const off = cm.window(-5, -5, 2);
    expect(off.data[0]).toBe(-1);
  });
});

describe('Costmap2D.recentered (rolling)', () => {
  it('moves the window and keeps obstacles at their world positions', () => {
    const cm = grid();
    cm.setObstacle(2.0, 1.0, CELL_SEEN);
    cm.setObstacle(-4.0, -4.0, CELL_SEEN);
    cm.updateCosts();
    const moved = cm.recentered(3, 2);
    expect(moved.originX).toBeCloseTo(-2);
    expect(moved.originY).toBeCloseTo(-3);
    expect(moved.costAt(2.0, 1.0)).toBe(LETHAL_OBSTACLE);
    expect(moved.costAt(-4.0, -4.0)).toBe(0); // fell off the window
  });
});
