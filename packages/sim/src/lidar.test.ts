// The pruned lidar (angular extents, near-to-far order, occlusion skips) against brute force.
import { describe, expect, it } from 'vitest';
import { Lidar } from './lidar.ts';
import { loadRobotDescription } from './robot.ts';
import { Rng } from '@navstack/math';
import { generateScenario } from './scenario.ts';
import { CIRCLE, compileWorld, intersect3d, RECT, SPHERE, type Prim } from './scene.ts';
import { Simulator } from './Simulator.ts';

/** Every beam against every shape, no pruning. */
function bruteForce(prims: Prim[], ox: number, oy: number, oz: number, yaw: number, minAngle: number, inc: number, n: number, rangeMax: number): Float64Array {
  const out = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const a = yaw + minAngle + i * inc;
    const dx = Math.cos(a), dy = Math.sin(a);
    for (const p of prims) {
      if (p.z0 > oz || p.z1 < oz) continue;
      let t = Infinity;
      if (p.kind === RECT) {
        // corners of the rectangle, then segment intersection with each edge
        const pts: [number, number][] = [];
        for (const [sx, sy] of [[-1, -1], [1, -1], [1, 1], [-1, 1]]) pts.push([p.cx + p.c * sx * p.hx - p.s * sy * p.hy, p.cy + p.s * sx * p.hx + p.c * sy * p.hy]);
        for (let k = 0; k < 4; k++) {
          const [x1, y1] = pts[k], [x2, y2] = pts[(k + 1) % 4];
          const ex = x2 - x1, ey = y2 - y1;
          const den = dx * ey - dy * ex;
          if (Math.abs(den) < 1e-12) continue;
          const tt = ((x1 - ox) * ey - (y1 - oy) * ex) / den;
          const u = ((x1 - ox) * dy - (y1 - oy) * dx) / den;
          if (tt > 0 && u >= 0 && u <= 1) t = Math.min(t, tt);
        }
      } else if (p.kind === CIRCLE || p.kind === SPHERE) {
        const r = p.kind === SPHERE ? Math.sqrt(Math.max(0, p.hx * p.hx - (oz - p.cz) ** 2)) : p.hx;
        const wx = ox - p.cx, wy = oy - p.cy;
        const b = wx * dx + wy * dy, c = wx * wx + wy * wy - r * r;
        const disc = b * b - c;
        if (disc >= 0 && -b - Math.sqrt(disc) > 0) t = -b - Math.sqrt(disc);
      } else t = intersect3d(p, ox, oy, oz, dx, dy, 0, 0);
      if (t < out[i]) out[i] = t;
    }
    if (out[i] > rangeMax) out[i] = Infinity;
  }
  return out;
}

describe('Lidar', () => {
  const robot = loadRobotDescription();
  const configs = [
    { name: 'full circle', ...robot.lidar },
    { name: '270 degrees, 541 beams', ...robot.lidar, minAngle: -2.356, maxAngle: 2.356, samples: 541 },
    { name: '90 degrees forward, short range', ...robot.lidar, minAngle: -0.785, maxAngle: 0.785, samples: 91, rangeMax: 3 },
  ];
  for (const cfg of configs) {
    it(`matches brute force on generated worlds (${cfg.name})`, () => {
      const lidar = new Lidar({ ...cfg, noiseStddev: 0 });
      const rng = new Rng(99);
      let compared = 0;
      for (let k = 0; k < 8; k++) {
        const sc = generateScenario(1000 + k);
        const prims = compileWorld(sc.world).visual;
        const sim = new Simulator({ world: sc.world, seed: 0, start: sc.start });
        for (let j = 0; j < 10; j++) {
          const { minX, maxX, minY, maxY } = sc.world.bounds;
          const x = rng.uniform(minX, maxX), y = rng.uniform(minY, maxY), yaw = rng.uniform(-Math.PI, Math.PI);
          if (sim.isColliding(x, y)) continue;
          const out = new Float32Array(cfg.samples);
          lidar.scan(prims, x, y, 0.2, yaw, out);
          const ref = bruteForce(prims, x, y, 0.2, yaw, cfg.minAngle, lidar.increment, cfg.samples, cfg.rangeMax);
          for (let i = 0; i < cfg.samples; i++) {
            if (ref[i] === Infinity) expect(out[i]).toBe(Infinity);
            else expect(Math.abs(out[i] - ref[i])).toBeLessThan(1e-5);
          }
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(40);
    });
  }
});
