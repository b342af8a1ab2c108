// Every bundled world loads cleanly and is fit for instructions.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorldFile } from './sdf.ts';
import { reachableMap } from './scenario.ts';
import { Simulator } from './Simulator.ts';
import { WORLDS_DIR } from './simNode.ts';

const files = fs.readdirSync(WORLDS_DIR).filter((f) => f.endsWith('.sdf')).sort();

describe('worlds/', () => {
  it('has at least four worlds', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(files).toEqual(expect.arrayContaining(['empty_room.sdf', 'office.sdf', 'warehouse.sdf', 'maze.sdf']));
  });

  for (const f of files) {
    describe(f, () => {
      const warnings: string[] = [];
      const world = loadWorldFile(path.join(WORLDS_DIR, f), { onWarning: (m) => warnings.push(m), env: {} });

      it('loads with no warnings, names its world after the file and has a ground plane', () => {
        expect(warnings).toEqual([]);
        expect(world.name).toBe(f.replace(/\.sdf$/, ''));
        expect(world.shapes.some((s) => s.geometry.type === 'plane')).toBe(true);
        expect(world.shapes.length).toBeGreaterThan(4);
      });

      it('has coloured landmarks, several sharing a colour and several sharing a shape', () => {
        expect(world.objects.length).toBeGreaterThanOrEqual(4);
        const count = (k: (o: (typeof world.objects)[number]) => string) => {
          const m = new Map<string, number>();
          for (const o of world.objects) m.set(k(o), (m.get(k(o)) ?? 0) + 1);
          return Math.max(...m.values());
        };
        expect(count((o) => o.color)).toBeGreaterThanOrEqual(2);
        expect(count((o) => o.shape)).toBeGreaterThanOrEqual(2);
        expect(new Set(world.objects.map((o) => o.name)).size).toBe(world.objects.length);
        for (const o of world.objects) {
          expect(o.x).toBeGreaterThan(world.bounds.minX);
          expect(o.x).toBeLessThan(world.bounds.maxX);
          expect(o.y).toBeGreaterThan(world.bounds.minY);
          expect(o.y).toBeLessThan(world.bounds.maxY);
        }
      });

      it('leaves the default start (the origin) free and sees walls all round', () => {
        const sim = new Simulator({ world, seed: 0, start: { x: 0, y: 0, yaw: 0 }, noise: false });
        expect(sim.isColliding(0, 0)).toBe(false);
        const scan = sim.scan();
        // enclosed: most beams hit something within range
        const hits = Array.from(scan.ranges).filter((r) => Number.isFinite(r)).length;
        expect(hits).toBeGreaterThan(scan.ranges.length * 0.9);
      });

      it('lets the robot reach every landmark from the origin', () => {
        const reach = reachableMap(world, 0.17, { x: 0, y: 0, yaw: 0 });
        expect(world.objects.filter((o) => !reach(o)).map((o) => o.name)).toEqual([]);
      });
    });
  }
});
