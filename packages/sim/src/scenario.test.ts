import { describe, expect, it } from 'vitest';
import { generateScenario, reachableMap } from './scenario.ts';
import { parseWorld } from './sdf.ts';
import { Simulator } from './Simulator.ts';
import { colorWord, distanceToObject } from './types.ts';
import { createHash } from 'node:crypto';

describe('generateScenario', () => {
  const seeds = Array.from({ length: 12 }, (_, i) => i * 97 + 1);
  const scenarios = seeds.map((s) => generateScenario(s));

  it('is deterministic for a seed, and different across seeds', () => {
    expect(generateScenario(seeds[3]).sdf).toBe(scenarios[3].sdf);
    expect(new Set(scenarios.map((s) => s.sdf)).size).toBe(seeds.length);
    expect(new Set(scenarios.map((s) => s.layout)).size).toBe(3);
  });

  it('writes ordinary SDF that parseWorld reads back to the same world', () => {
    for (const s of scenarios) {
      const warnings: string[] = [];
      const again = parseWorld(s.sdf, 'again.sdf', { onWarning: (m) => warnings.push(m), env: {} });
      expect(warnings).toEqual([]);
      expect(again.objects).toEqual(s.world.objects);
      expect(again.shapes.length).toBe(s.world.shapes.length);
      expect(s.sdf).toMatch(/^<\?xml version="1.0"\?>/);
      expect(s.sdf).toContain('<plugin filename="gz-sim-sensors-system"');
    }
  });

  it('places landmarks that share colours and shapes', () => {
    for (const s of scenarios) {
      const objs = s.world.objects;
      expect(objs.length).toBeGreaterThanOrEqual(4);
      const maxShare = (k: (o: (typeof objs)[number]) => string) => Math.max(...[...new Set(objs.map(k))].map((v) => objs.filter((o) => k(o) === v).length));
      expect(maxShare((o) => o.color)).toBeGreaterThanOrEqual(2);
      expect(maxShare((o) => o.shape)).toBeGreaterThanOrEqual(2);
    }
  });

  it('starts the robot in free space, away from a reachable target named unambiguously', () => {
    for (const s of scenarios) {
      const sim = new Simulator({ world: s.world, seed: 0, start: s.start });
      expect(sim.clearance(s.start.x, s.start.y)).toBeGreaterThan(0.3);
      expect(distanceToObject(s.target, s.start.x, s.start.y)).toBeGreaterThanOrEqual(2 - 1e-9);
      expect(reachableMap(s.world, sim.robot.radius, s.start)(s.target)).toBe(true);
      expect(s.instruction).toMatch(new RegExp(`^go to the (small |large )?${s.target.color} ${s.target.shape}`));
      if (s.disambiguation === 'color+shape') {
        expect(s.world.objects.filter((o) => o.color === s.target.color && o.shape === s.target.shape)).toHaveLength(1);
      }
    }
  });

  it('keeps every fixed-variety world as it was (the evaluation suites are seeds of these)', () => {
    const digest = createHash('sha256').update(scenarios.map((s) => s.sdf).join('\n')).digest('hex');
    expect(digest.slice(0, 16)).toBe(GOLDEN);
  });

  it('varies shades and sizes with landmarkVariety, each shade still nearest its colour word', () => {
    const varied = seeds.map((s) => generateScenario(s, { landmarkVariety: true }));
    const shades = new Set<string>(), radii = new Set<number>();
    for (const sc of varied) {
      const again = parseWorld(sc.sdf, 'varied.sdf', { onWarning: () => {}, env: {} });
      expect(again.objects).toEqual(sc.world.objects);
      for (const m of sc.sdf.matchAll(/<navstack:landmark color="(\w+)" size="(\w+)"\/>[\s\S]*?<visual name="visual"><geometry>([\s\S]*?)<\/geometry><material><ambient>[^<]*<\/ambient><diffuse>([\d.]+) ([\d.]+) ([\d.]+) 1/g)) {
        const [, word, size, geometry, r, g, b] = m;
        expect(colorWord({ r: Number(r), g: Number(g), b: Number(b), a: 1 })).toBe(word);
        shades.add(`${r} ${g} ${b}`);
        const n = [...geometry.matchAll(/[\d.]+/g)].map((x) => Number(x[0]));
        const extent = geometry.startsWith('<box') ? Math.max(...n) : geometry.startsWith('<sphere') ? 2 * n[0] : Math.max(2 * n[0], n[1]);
        expect(extent >= 0.6).toBe(size === 'large');
        radii.add(extent);
      }
      for (const o of sc.world.objects) expect(['red', 'green', 'blue', 'yellow']).toContain(o.color);
    }
    expect(shades.size).toBeGreaterThan(40);
    expect(radii.size).toBeGreaterThan(40);
  });

  it('honours options', () => {
    const s = generateScenario(5, { layout: 'rooms', colors: ['purple', 'orange'], minObjects: 5, maxObjects: 5 });
    expect(s.layout).toBe('rooms');
    expect(s.world.shapes.some((x) => x.model.startsWith('partition'))).toBe(true);
    expect(new Set(s.world.objects.map((o) => o.color))).toEqual(new Set(['purple', 'orange']));
    expect(s.world.objects).toHaveLength(5);
  });
});

/** sha256 (first 16 hex digits) of the twelve fixed-variety worlds above, as generated before landmarkVariety existed. */
const GOLDEN = 'b460afc834bac576';
