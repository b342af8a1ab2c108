// Real-time factor of the embedded simulator in as-fast-as-possible mode: one robot, 100 Hz physics,
// 10 Hz lidar (360 beams), with no camera, a 64x48 camera and a 320x240 camera (both at 10 Hz), on
// each bundled world. The robot drives a curve and turns away after bumping (collisions included).
// Reported: median over runs of sim seconds per wall second, and per CPU second of this process
// (the latter is steadier on a shared machine).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadWorldFile } from './sdf.ts';
import { Simulator } from './Simulator.ts';
import { WORLDS_DIR } from './simNode.ts';

interface Case {
  name: string;
  camera?: { width: number; height: number };
}

const CASES: Case[] = [{ name: 'lidar' }, { name: 'lidar+camera64x48', camera: { width: 64, height: 48 } }, { name: 'lidar+camera320x240', camera: { width: 320, height: 240 } }];

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Steps whole sim seconds until at least minWallMs have passed; returns [wall rtf, cpu rtf]. */
function run(sim: Simulator, minWallMs: number, camera: boolean): [number, number] {
  const sensorEvery = Math.round(sim.physicsHz / 10);
  let turn = 0;
  let simSeconds = 0;
  const w0 = performance.now(), c0 = cpuMs();
  do {
    for (let i = 0; i < sim.physicsHz; i++) {
      if (sim.blocked) turn = 100;
      const cmd = turn > 0 ? { linear: -0.1, angular: 1.5 } : { linear: 0.4, angular: 0.15 };
      if (turn > 0) turn--;
      sim.step(cmd);
      if (sim.steps % sensorEvery === 0) {
        sim.scan();
        if (camera) sim.cameraImage();
      }
    }
    simSeconds++;
  } while (performance.now() - w0 < minWallMs);
  const wall = (performance.now() - w0) / 1000, cpu = (cpuMs() - c0) / 1000;
  return [simSeconds / wall, simSeconds / Math.max(cpu, 1e-6)];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function bench(options: { quick: boolean }): Promise<Record<string, unknown>> {
  const worlds = fs.readdirSync(WORLDS_DIR).filter((f) => f.endsWith('.sdf')).sort();
  const minWallMs = options.quick ? 50 : 1000;
  const repeats = 5;
  const results: Record<string, Record<string, number>> = {};
  // warm up the JIT on every world and code path before measuring
  for (let pass = 0; pass < 2; pass++) {
    for (const file of worlds) {
      const world = loadWorldFile(path.join(WORLDS_DIR, file), { onWarning: () => {} });
      for (const c of CASES) run(new Simulator({ world, seed: 0, start: { x: 0, y: 0, yaw: 0 }, camera: c.camera }), options.quick ? 25 : 150, !!c.camera);
    }
  }
  await new Promise((res) => setTimeout(res, 200)); // let concurrent GC and compilation settle
  for (const file of worlds) {
    const world = loadWorldFile(path.join(WORLDS_DIR, file), { onWarning: () => {} });
    const row: Record<string, number> = {};
    for (const c of CASES) {
      const sim = new Simulator({ world, seed: 1, start: { x: 0, y: 0, yaw: 0 }, physicsHz: 100, camera: c.camera });
      const wall: number[] = [], cpu: number[] = [];
      for (let r = 0; r < repeats; r++) {
        sim.reset({ start: { x: 0, y: 0, yaw: 0 } });
        const [w, k] = run(sim, minWallMs, !!c.camera);
        wall.push(w);
        cpu.push(k);
        await new Promise((res) => setImmediate(res));
      }
      row[`${c.name}_rtf`] = Math.round(median(wall));
      row[`${c.name}_rtf_cpu`] = Math.round(median(cpu));
    }
    results[world.name] = row;
  }
  const min = (k: string) => Math.min(...Object.values(results).map((r) => r[k]));
  return {
    what: 'sim real-time factor (sim s per wall s; _cpu: per CPU s of this process), as fast as possible: 1 robot, 100 Hz physics, 10 Hz lidar 360 beams, 10 Hz camera; median of runs',
    min_wall_ms_per_run: minWallMs,
    repeats,
    worlds: results,
    min_lidar_rtf: min('lidar_rtf'),
    min_camera64x48_rtf: min('lidar+camera64x48_rtf'),
    min_camera320x240_rtf: min('lidar+camera320x240_rtf'),
    min_lidar_rtf_cpu: min('lidar_rtf_cpu'),
    min_camera64x48_rtf_cpu: min('lidar+camera64x48_rtf_cpu'),
    min_camera320x240_rtf_cpu: min('lidar+camera320x240_rtf_cpu'),
    targets: { lidar: 1000, camera64x48: 200 },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await bench({ quick: process.argv.includes('--quick') }), null, 2));
}
