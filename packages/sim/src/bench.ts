// Real-time factor of the embedded simulator in as-fast-as-possible mode: one robot, 100 Hz physics,
// 10 Hz lidar (360 beams), with no camera, a 64x48 camera and a 320x240 camera (both at 10 Hz), on each
// bundled world and on two real mesh worlds (the TurtleBot3 world, Nav2's default, and the AWS small house,
// kept outside the repository: realWorldFixtures.ts). The robot drives a curve and turns away after bumping (collisions included).
// Reported: median over runs of sim seconds per wall second, and per CPU second of this process (the
// latter is steadier on a shared machine). Also, side by side, navstack's mesh ray casting (the lidar's
// slice grid, the camera's column walk) against three-mesh-bvh casting the same rays one by one.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pose2D } from '@navstack/math';
import { median } from '@navstack/math';
import { loadWorld } from './sdf.ts';
import { Simulator } from './Simulator.ts';
import { WORLDS_DIR } from './simNode.ts';
import type { World } from './types.ts';
import { REAL_WORLD_FIXTURES, REAL_WORLD_FIXTURES_MISSING } from './realWorldFixtures.ts';

interface Case {
  name: string;
  camera?: { width: number; height: number };
}

const CASES: Case[] = [{ name: 'lidar' }, { name: 'lidar+camera64x48', camera: { width: 64, height: 48 } }, { name: 'lidar+camera320x240', camera: { width: 320, height: 240 } }];


interface BenchWorld {
  name: string;
  world: World;
  start: Pose2D;
}

/** The bundled worlds (start at the origin, kept free) and the real mesh worlds (start at a free pose). */
function worlds(): BenchWorld[] {
  const out: BenchWorld[] = fs
    .readdirSync(WORLDS_DIR)
    .filter((f) => f.endsWith('.sdf'))
    .sort()
    .map((f) => {
      const { world } = loadWorld(path.join(WORLDS_DIR, f), { env: {} });
      return { name: world.name, world, start: { x: 0, y: 0, yaw: 0 } };
    });
  const real = [
    { name: 'turtlebot3_world', file: 'turtlebot3/worlds/turtlebot3_world.world', models: 'turtlebot3/models', start: { x: -2, y: -0.5, yaw: 0 } },
    { name: 'aws_small_house', file: 'aws-small-house/worlds/small_house.world', models: 'aws-small-house/models', start: { x: 0, y: 0, yaw: 0 } },
  ];
  // Third-party worlds kept outside the repository: measured where they are on the machine.
  for (const r of REAL_WORLD_FIXTURES_MISSING ? [] : real) {
    const { world } = loadWorld(path.join(REAL_WORLD_FIXTURES, r.file), { resourcePaths: [path.join(REAL_WORLD_FIXTURES, r.models)], env: {} });
    out.push({ name: r.name, world, start: r.start });
  }
  return out;
}

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

/** Free poses spread over a world (for the ray-casting comparison). */
function freePoses(sim: Simulator, n: number): Pose2D[] {
  const b = sim.world.bounds;
  const out: Pose2D[] = [];
  for (let k = 0; out.length < n && k < 100_000; k++) {
    // a low-discrepancy walk over the bounds, deterministic
    const x = b.minX + ((k * 0.618034) % 1) * (b.maxX - b.minX), y = b.minY + ((k * 0.754878) % 1) * (b.maxY - b.minY);
    if (sim.clearance(x, y) > 0.1) out.push({ x, y, yaw: (k * 2.39996) % (2 * Math.PI) });
  }
  return out;
}

/**
 * Microseconds per lidar scan (360 beams, meshes only) and per 64x48 camera frame: navstack's own mesh
 * casting against three-mesh-bvh's raycastFirst on a BVH of the same world-frame triangles, same rays.
 */
async function versusBvh(w: BenchWorld, quick: boolean): Promise<Record<string, number>> {
  const { BufferAttribute, BufferGeometry, DoubleSide, Ray, Vector3 } = await import('three');
  const { MeshBVH } = await import('three-mesh-bvh');
  const sim = new Simulator({ world: w.world, seed: 0, start: w.start, camera: { width: 64, height: 48 }, noise: false });
  const scene = sim.compiled.visualMeshes!;
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(Float32Array.from(scene.tri), 3));
  const t0 = performance.now();
  const bvh = new MeshBVH(geometry);
  const bvhBuildMs = performance.now() - t0;
  const poses = freePoses(sim, quick ? 5 : 20);
  const ray = new Ray(), origin = new Vector3(), dir = new Vector3();
  const lidar = sim.lidar;
  const rangeMax = lidar.config.rangeMax;
  const timeIt = (fn: () => void, reps: number) => {
    fn();
    const s = performance.now();
    for (let r = 0; r < reps; r++) fn();
    return ((performance.now() - s) * 1000) / reps;
  };
  const reps = quick ? 3 : 20;
  const out = { navstack_lidar_us: 0, bvh_lidar_us: 0, navstack_camera_us: 0, bvh_camera_us: 0 };
  const lidarNav: number[] = [], lidarBvh: number[] = [], camNav: number[] = [], camBvh: number[] = [];
  const cam = sim.camera;
  const { width: W, height: H, far } = cam.config;
  for (const start of poses) {
    sim.reset({ start });
    const p = sim.lidarPose();
    const cut = scene.slice(p.z);
    lidarNav.push(timeIt(() => {
      for (let i = 0; i < lidar.config.samples; i++) {
        const a = p.yaw + lidar.config.minAngle + i * lidar.increment;
        cut.cast(p.x, p.y, Math.cos(a), Math.sin(a), rangeMax);
      }
    }, reps));
    lidarBvh.push(timeIt(() => {
      for (let i = 0; i < lidar.config.samples; i++) {
        const a = p.yaw + lidar.config.minAngle + i * lidar.increment;
        ray.set(origin.set(p.x, p.y, p.z), dir.set(Math.cos(a), Math.sin(a), 0));
        bvh.raycastFirst(ray, DoubleSide, 0, rangeMax);
      }
    }, reps));
    camNav.push(timeIt(() => sim.cameraImage(), reps));
    const c = sim.cameraPose();
    camBvh.push(timeIt(() => {
      for (let v = 0; v < H; v++) {
        for (let u = 0; u < W; u++) {
          const a = (W / 2 - (u + 0.5)) / cam.fx, b = (H / 2 - (v + 0.5)) / cam.fy;
          ray.set(origin.set(c.x, c.y, c.z), dir.set(Math.cos(c.yaw) - Math.sin(c.yaw) * a, Math.sin(c.yaw) + Math.cos(c.yaw) * a, b).normalize());
          bvh.raycastFirst(ray, DoubleSide, 0, far);
        }
      }
    }, Math.max(1, reps / 4)));
  }
  out.navstack_lidar_us = Math.round(median(lidarNav));
  out.bvh_lidar_us = Math.round(median(lidarBvh));
  out.navstack_camera_us = Math.round(median(camNav));
  out.bvh_camera_us = Math.round(median(camBvh));
  return { triangles: scene.count, bvh_build_ms: Math.round(bvhBuildMs), ...out, lidar_speedup: +(out.bvh_lidar_us / out.navstack_lidar_us).toFixed(1), camera_speedup: +(out.bvh_camera_us / out.navstack_camera_us).toFixed(1) };
}

export async function bench(options: { quick: boolean }): Promise<Record<string, unknown>> {
  const all = worlds();
  const minWallMs = options.quick ? 50 : 1000;
  const repeats = 5;
  const results: Record<string, Record<string, number>> = {};
  // warm up the JIT on every world and code path before measuring
  for (let pass = 0; pass < 2; pass++) {
    for (const w of all) {
      for (const c of CASES) run(new Simulator({ world: w.world, seed: 0, start: w.start, camera: c.camera }), options.quick ? 25 : 150, !!c.camera);
    }
  }
  await new Promise((res) => setTimeout(res, 200)); // let concurrent GC and compilation settle
  for (const w of all) {
    const row: Record<string, number> = {};
    for (const c of CASES) {
      const sim = new Simulator({ world: w.world, seed: 1, start: w.start, physicsHz: 100, camera: c.camera });
      const wall: number[] = [], cpu: number[] = [];
      for (let r = 0; r < repeats; r++) {
        sim.reset({ start: w.start });
        const [ws, k] = run(sim, minWallMs, !!c.camera);
        wall.push(ws);
        cpu.push(k);
        await new Promise((res) => setImmediate(res));
      }
      row[`${c.name}_rtf`] = Math.round(median(wall));
      row[`${c.name}_rtf_cpu`] = Math.round(median(cpu));
    }
    results[w.name] = row;
  }
  const min = (k: string) => Math.min(...Object.values(results).map((r) => r[k]));
  const meshes: Record<string, Record<string, number>> = {};
  for (const w of all.filter((x) => x.name === 'turtlebot3_world' || x.name === 'aws_small_house')) meshes[w.name] = await versusBvh(w, options.quick);
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
    targets: { lidar: 1000, camera64x48: 300 },
    mesh_ray_casting_vs_three_mesh_bvh: {
      what: 'microseconds per lidar scan (360 beams, meshes only) and per 64x48 camera frame (navstack: the whole frame; three-mesh-bvh: raycastFirst per pixel, meshes only), median over free poses; speedup = bvh / navstack',
      ...meshes,
    },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await bench({ quick: process.argv.includes('--quick') }), null, 2));
}
