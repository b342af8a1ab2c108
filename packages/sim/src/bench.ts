// Real-time factor of the embedded simulator in as-fast-as-possible mode: one robot, 100 Hz physics,
// 10 Hz lidar (360 beams), with no camera, a 64x48 camera and a 320x240 camera (both at 10 Hz), on
// each bundled world. The robot drives a slow curve with a bounce off obstacles (collisions included).
import fs from 'node:fs';
import path from 'node:path';
import { loadWorldFile } from './sdf.ts';
import { Simulator } from './Simulator.ts';
import { WORLDS_DIR } from './simNode.ts';

interface Case {
  name: string;
  camera?: { width: number; height: number };
}

const CASES: Case[] = [{ name: 'lidar' }, { name: 'lidar+camera64x48', camera: { width: 64, height: 48 } }, { name: 'lidar+camera320x240', camera: { width: 320, height: 240 } }];

function run(sim: Simulator, simSeconds: number, camera: boolean): number {
  const steps = Math.round(simSeconds * sim.physicsHz);
  const sensorEvery = Math.round(sim.physicsHz / 10);
  const t0 = performance.now();
  let turn = 0;
  for (let i = 0; i < steps; i++) {
    if (sim.blocked) turn = 100;
    const cmd = turn > 0 ? { linear: -0.1, angular: 1.5 } : { linear: 0.4, angular: 0.15 };
    if (turn > 0) turn--;
    sim.step(cmd);
    if (i % sensorEvery === 0) {
      sim.scan();
      if (camera) sim.cameraImage();
    }
  }
  const wall = (performance.now() - t0) / 1000;
  return simSeconds / wall;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function bench(options: { quick: boolean }): Promise<Record<string, unknown>> {
  const worlds = fs.readdirSync(WORLDS_DIR).filter((f) => f.endsWith('.sdf')).sort();
  const simSeconds = options.quick ? 10 : 60;
  const repeats = options.quick ? 3 : 5;
  const results: Record<string, Record<string, number>> = {};
  for (const file of worlds) {
    const world = loadWorldFile(path.join(WORLDS_DIR, file), { onWarning: () => {} });
    const row: Record<string, number> = {};
    for (const c of CASES) {
      const sim = new Simulator({ world, seed: 1, start: { x: 0, y: 0, yaw: 0 }, physicsHz: 100, camera: c.camera });
      run(sim, 2, !!c.camera); // warm-up
      const rtfs: number[] = [];
      for (let r = 0; r < repeats; r++) {
        sim.reset({ start: { x: 0, y: 0, yaw: 0 } });
        rtfs.push(run(sim, simSeconds / (c.camera && c.camera.width > 100 ? 4 : 1), !!c.camera));
        await new Promise((res) => setImmediate(res));
      }
      row[`${c.name}_rtf`] = Math.round(median(rtfs));
    }
    results[world.name] = row;
  }
  const all = (k: string) => Object.values(results).map((r) => r[k]);
  return {
    what: 'sim real-time factor (sim s / wall s), as fast as possible: 1 robot, 100 Hz physics, 10 Hz lidar 360 beams, camera 10 Hz; median of runs',
    sim_seconds_per_run: simSeconds,
    repeats,
    worlds: results,
    min_lidar_rtf: Math.min(...all('lidar_rtf')),
    min_camera64x48_rtf: Math.min(...all('lidar+camera64x48_rtf')),
    min_camera320x240_rtf: Math.min(...all('lidar+camera320x240_rtf')),
    targets: { lidar: 1000, camera64x48: 200 },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const quick = process.argv.includes('--quick');
  console.log(JSON.stringify(await bench({ quick }), null, 2));
}
