import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { nav_msgs } from '@navstack/msgs';
import { LocalContext } from '@navstack/rcl';
import { executables } from './index.ts';
import { startMapFromWorld } from './mapFromWorld.ts';
import { occupancyGridOf } from './occupancyMap.ts';
import { parseWorld } from './sdf.ts';
import { modelSdf, worldSdf } from './sdfWriter.ts';
import { SimNode } from './simNode.ts';
import { Simulator } from './Simulator.ts';

// a wall box, a cylinder the robot can hit, and a shelf above the robot's body (free for it)
const SDF = worldSdf('map_test', [
  modelSdf({ name: 'box', x: 1.5, y: 0, geometry: { type: 'box', size: [1, 1, 0.5] }, color: [0.5, 0.5, 0.5] }),
  modelSdf({ name: 'post', x: -2, y: 0, geometry: { type: 'cylinder', radius: 0.3, length: 1 }, color: [0.5, 0.5, 0.5] }),
  modelSdf({ name: 'shelf', x: 0, y: 2, z: 1.2, geometry: { type: 'box', size: [1, 0.4, 0.05] }, color: [0.5, 0.5, 0.5] }),
]);

const cell = (g: nav_msgs.OccupancyGrid, x: number, y: number) => {
  const i = Math.floor((x - g.info.origin.position.x) / g.info.resolution);
  const j = Math.floor((y - g.info.origin.position.y) / g.info.resolution);
  return g.data[j * g.info.width + i];
};

function latchedMap(ctx: LocalContext): nav_msgs.OccupancyGrid[] {
  const out: nav_msgs.OccupancyGrid[] = [];
  ctx.createNode(`probe_${Math.random().toString(36).slice(2)}`).createSubscription('nav_msgs/msg/OccupancyGrid', 'map', { qos: 'latched' }, (m) => out.push(m));
  return out;
}

describe("a world's static map", () => {
  it("marks the cells a robot body can touch, as the simulator's collision check sees them", () => {
    const sim = new Simulator({ world: parseWorld(SDF, 'map_test.sdf'), seed: 0, start: { x: 0, y: -3, yaw: 0 }, noise: false });
    const g = occupancyGridOf(sim, { resolution: 0.1 });
    expect(g.header.frame_id).toBe('map');
    expect([cell(g, 1.5, 0), cell(g, 1.1, 0.4), cell(g, -2, 0), cell(g, -2, 0.25)]).toEqual([100, 100, 100, 100]);
    // the shelf is above the body; open floor is free
    expect([cell(g, 0, 2), cell(g, 0, -1), cell(g, 1.5, 0.7)]).toEqual([0, 0, 0]);
    // an occupied cell is one whose half-cell disc overlaps a shape
    for (let j = 0; j < g.info.height; j++) {
      for (let i = 0; i < g.info.width; i++) {
        const x = g.info.origin.position.x + (i + 0.5) * 0.1, y = g.info.origin.position.y + (j + 0.5) * 0.1;
        expect(g.data[j * g.info.width + i]).toBe(sim.overlaps(x, y, 0.05) ? 100 : 0);
      }
    }
    // 1 m of free margin around the world, on a lattice from the world origin
    expect(g.info.origin.position.x).toBeCloseTo(-3.3, 9);
    expect(g.info.origin.position.x + g.info.width * 0.1).toBeGreaterThanOrEqual(3);
  });

  it('sim_node publishes it on map (latched) with publish_map, as map_from_world does from the world file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-map-'));
    const file = path.join(dir, 'map_test.sdf');
    fs.writeFileSync(file, SDF);
    try {
      const ctx = new LocalContext();
      const sim = new SimNode(ctx.createNode('sim', { parameterOverrides: { world: file, mode: 'fast', max_sim_time: 0.1, publish_camera: false, publish_map: true } }));
      await sim.done;
      const fromSim = latchedMap(ctx);
      await ctx.shutdown();

      const ctx2 = new LocalContext();
      startMapFromWorld(ctx2.createNode('map_from_world', { parameterOverrides: { world: file } }));
      const fromFile = latchedMap(ctx2);
      await ctx2.shutdown();

      expect(fromSim).toHaveLength(1);
      expect(fromFile).toEqual(fromSim);
      expect(fromSim[0]!.info.resolution).toBe(0.05);
      expect(cell(fromSim[0]!, 1.5, 0)).toBe(100);

      // without publish_map (the default) there is no map
      const ctx3 = new LocalContext();
      const quiet = new SimNode(ctx3.createNode('sim', { parameterOverrides: { world: file, mode: 'fast', max_sim_time: 0.1, publish_camera: false } }));
      await quiet.done;
      expect(latchedMap(ctx3)).toEqual([]);
      await ctx3.shutdown();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('map_from_world is exported as navstack/map_from_world and says what is missing', async () => {
    expect(executables.find((e) => e.exec === 'map_from_world')).toMatchObject({ pkg: 'navstack', defaultNodeName: 'map_from_world' });
    const ctx = new LocalContext();
    expect(() => startMapFromWorld(ctx.createNode('m1'))).toThrow(/map_from_world: set the parameter 'world' to an SDF file or a bundled world name/);
    expect(() => startMapFromWorld(ctx.createNode('m2', { parameterOverrides: { world: 'atlantis' } }))).toThrow(/world 'atlantis' not found/);
    await ctx.shutdown();
  });
});
