import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setLogSink } from '@navstack/rcl';
import { astar } from './planner/astar.ts';
import { Costmap2D } from './costmap/Costmap2D.ts';
import { SmoothAStarPlanner } from './planner/SmoothAStarPlanner.ts';
import { RegulatedPurePursuit } from './controller/RegulatedPurePursuit.ts';
import { rng } from './testing/episodes.ts';

function stats(xs: number[]): { median: number; p99: number; n: number } {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  return { median: round(q(0.5)), p99: round(q(0.99)), n: s.length };
}
function round(x: number, d = 3): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

/** A seeded grid with random rectangular obstacles covering about `density` of it (1 = blocked). */
function obstacleGrid(size: number, density: number, seed: number): Uint8Array {
  const rand = rng(seed);
  const g = new Uint8Array(size * size);
  let filled = 0;
  while (filled < density * size * size) {
    const w = 1 + Math.floor(rand() * size * 0.06);
    const h = 1 + Math.floor(rand() * size * 0.06);
    const x0 = Math.floor(rand() * (size - w));
    const y0 = Math.floor(rand() * (size - h));
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) if (!g[y * size + x]) (g[y * size + x] = 1), filled++;
  }
  return g;
}

function octileLength(cells: ArrayLike<number>, w: number): number {
  let len = 0;
  for (let i = 1; i < cells.length; i++) len += Math.hypot((cells[i]! % w) - (cells[i - 1]! % w), Math.floor(cells[i]! / w) - Math.floor(cells[i - 1]! / w));
  return len;
}

/** navstack's A* vs pathfinding's AStarFinder on the same binary grid and queries (8-connected, no corner cutting). */
export async function planningBench(size: number, queries: number, seed: number) {
  const PF = (await import('pathfinding')).default;
  const blocked = obstacleGrid(size, 0.2, seed);
  const costs = new Uint8Array(size * size);
  for (let i = 0; i < costs.length; i++) costs[i] = blocked[i] ? 254 : 0;
  const grid = { width: size, height: size, costs };
  const matrix: number[][] = [];
  for (let y = 0; y < size; y++) matrix.push(Array.from(blocked.subarray(y * size, (y + 1) * size)));
  const pfGrid = new PF.Grid(size, size, matrix);
  const finder = new PF.AStarFinder({ diagonalMovement: PF.DiagonalMovement.OnlyWhenNoObstacles });
  const rand = rng(seed + 1);
  const ours: number[] = [];
  const theirs: number[] = [];
  let maxLengthDiff = 0;
  let done = 0;
  let attempts = 0;
  while (done < queries && attempts < queries * 20) {
    attempts++;
    const sx = Math.floor(rand() * size), sy = Math.floor(rand() * size), gx = Math.floor(rand() * size), gy = Math.floor(rand() * size);
    if (blocked[sy * size + sx] || blocked[gy * size + gx] || Math.hypot(gx - sx, gy - sy) < size / 3) continue;
    let path: Int32Array;
    const t0 = performance.now();
    try {
      path = astar(grid, sx, sy, gx, gy, { blockedCost: 254 });
    } catch {
      continue; // not connected
    }
    const t1 = performance.now();
    const g2 = pfGrid.clone();
    const t2 = performance.now();
    const pfPath = finder.findPath(sx, sy, gx, gy, g2);
    const t3 = performance.now();
    ours.push(t1 - t0);
    theirs.push(t3 - t2);
    const pfLen = octileLength(pfPath.map(([x, y]) => y! * size + x!), size);
    maxLengthDiff = Math.max(maxLengthDiff, Math.abs(pfLen - octileLength(path, size)));
    done++;
  }
  const a = stats(ours);
  const b = stats(theirs);
  return {
    grid: `${size}x${size}`,
    queries: done,
    navstack_astar_ms: a,
    pathfinding_astar_ms: b,
    speedup_median: round(b.median / a.median, 2),
    speedup_p99: round(b.p99 / a.p99, 2),
    max_path_length_difference_cells: round(maxLengthDiff, 6),
    note: 'pathfinding timed on a pre-cloned grid (clone excluded); both 8-connected without corner cutting, octile-optimal',
  };
}

/** The full planner (cost-aware A* + smoothing on an inflated 0.05 m costmap). */
function fullPlannerBench(size: number, queries: number, seed: number) {
  const blocked = obstacleGrid(size, 0.12, seed);
  const cm = new Costmap2D({ resolution: 0.05, width: size, height: size, originX: 0, originY: 0, inscribedRadius: 0.17, inflationRadius: 0.55, costScalingFactor: 6 });
  for (let i = 0; i < blocked.length; i++) if (blocked[i]) cm.obstacles[i] = 2;
  const inflate: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    cm.updateCosts();
    inflate.push(performance.now() - t0);
  }
  const planner = new SmoothAStarPlanner();
  const rand = rng(seed + 7);
  const times: number[] = [];
  let attempts = 0;
  while (times.length < queries && attempts++ < queries * 30) {
    const s = { x: rand() * size * 0.05, y: rand() * size * 0.05, yaw: 0 };
    const g = { x: rand() * size * 0.05, y: rand() * size * 0.05, yaw: 0 };
    if (cm.costAt(s.x, s.y) >= 253 || cm.costAt(g.x, g.y) >= 253 || Math.hypot(g.x - s.x, g.y - s.y) < size * 0.05 / 3) continue;
    const t = performance.now();
    try {
      planner.createPlan(cm, s, g);
    } catch {
      continue;
    }
    times.push(performance.now() - t);
  }
  return { grid: `${size}x${size}`, full_inflation_ms: stats(inflate), plan_ms: stats(times) };
}

function controllerBench(cycles: number) {
  const cm = new Costmap2D({ resolution: 0.05, width: 400, height: 400, originX: -10, originY: -10, inscribedRadius: 0.17, inflationRadius: 0.55, costScalingFactor: 6 });
  for (let x = -10; x < 10; x += 0.05) cm.setObstacle(x, 1.2);
  cm.updateCosts();
  const path = [];
  for (let i = 0; i <= 400; i++) path.push({ x: -8 + i * 0.04, y: 0.3 * Math.sin(i * 0.02), yaw: 0 });
  const c = new RegulatedPurePursuit();
  c.setPlan(path);
  const times: number[] = [];
  let pose = { x: -8, y: 0, yaw: 0 };
  for (let i = 0; i < cycles; i++) {
    const t = performance.now();
    const r = c.computeVelocityCommands(pose, cm, 0.05);
    times.push((performance.now() - t) * 1000);
    pose = { x: pose.x + r.cmd.linear * 0.05 * Math.cos(pose.yaw), y: pose.y + r.cmd.linear * 0.05 * Math.sin(pose.yaw), yaw: pose.yaw + r.cmd.angular * 0.05 };
    if (r.state === 'goal_reached') {
      c.setPlan(path);
      c.newGoal();
      c.reset();
      pose = { x: -8, y: 0, yaw: 0 };
    }
  }
  return { controller_cycle_us: stats(times.slice(10)) };
}

async function simFigures(quick: boolean) {
  const { Simulator, loadWorldFile } = await import('@navstack/sim');
  const { runEpisodes, runRandomDriver } = await import('./testing/episodes.ts');
  const { NavHarness } = await import('./testing/NavHarness.ts');
  const worlds = ['empty_room', 'maze', 'office', 'warehouse'];
  const file = (w: string) => fileURLToPath(new URL(`../../../worlds/${w}.sdf`, import.meta.url));
  const episodesPerWorld = quick ? 2 : 25;
  const driveSeconds = quick ? 60 : 600;
  const episodes = [];
  const drives = [];
  const t0 = performance.now();
  for (const w of worlds) {
    const sim = new Simulator({ world: loadWorldFile(file(w)), seed: 1, start: { x: 0, y: 0, yaw: 0 } });
    episodes.push(...runEpisodes(sim as never, episodesPerWorld, 2024));
    drives.push(runRandomDriver(sim as never, driveSeconds, 99, { x: 0, y: 0, yaw: 0 }, { segments: quick ? 2 : 10 }));
  }
  const wallEpisodes = (performance.now() - t0) / 1000;
  // lidar only (no static map: unknown space is free until seen), full mode only
  const lidarOnly = [];
  if (!quick) {
    for (const w of worlds) {
      const sim = new Simulator({ world: loadWorldFile(file(w)), seed: 1, start: { x: 0, y: 0, yaw: 0 } });
      lidarOnly.push(...runEpisodes(sim as never, 10, 4048, { useStaticMap: false }));
    }
  }
  const ok = episodes.filter((e) => e.success);
  const simTime = episodes.reduce((a, e) => a + e.simTime, 0);
  // fault figures (empty room, teleop at full speed, forward and in reverse); silent sources are timed from their last message
  const { SAFETY_PARAMS } = await import('./safety/SafetyNode.ts');
  const { runTeleopFault } = await import('./testing/faults.ts');
  const sim = new Simulator({ world: loadWorldFile(file('empty_room')), seed: 1, start: { x: -3.2, y: -1.5, yaw: 0 } });
  const faultFigures = async (linear: number, yaw: number) => {
    const out: Record<string, unknown> = {};
    for (const kind of ['estop', 'teleop_silent', 'lidar_silent'] as const) {
      sim.reset({ start: { x: -3.2, y: -1.5, yaw }, seed: 1 });
      const h = new NavHarness({ sim: sim as never, navigator: false });
      const r = runTeleopFault(h, kind, { linear });
      out[kind] = { speed_at_fault: round(r.speedAtFault), reaction_s: round(r.reactionTime), braking_s: round(r.brakingTime), fault_to_standstill_s: round(r.stopTime), moved_during_fault_m: round(r.drift, 6), resumed: r.resumed };
      await h.close();
    }
    return out;
  };
  const faults = await faultFigures(SAFETY_PARAMS.max_linear_vel, 0);
  const faultsReverse = await faultFigures(-SAFETY_PARAMS.max_linear_vel, Math.PI);
  return {
    episodes: {
      count: episodes.length,
      success_rate: round(ok.length / episodes.length, 4),
      collisions: episodes.reduce((a, e) => a + e.collisions, 0),
      mean_path_ratio: round(episodes.reduce((a, e) => a + e.ratio, 0) / episodes.length),
      max_path_ratio: round(Math.max(...episodes.map((e) => e.ratio))),
      mean_shortest_m: round(episodes.reduce((a, e) => a + e.shortest, 0) / episodes.length, 2),
      recoveries: episodes.reduce((a, e) => a + e.recoveries, 0),
      sim_seconds: round(simTime, 1),
      failures: episodes.filter((e) => !e.success).map((e) => ({ world: e.world, seed: e.seed, state: e.state, reason: e.reason, collisions: e.collisions })),
    },
    episodes_lidar_only: quick
      ? 'full mode only'
      : {
          count: lidarOnly.length,
          success_rate: round(lidarOnly.filter((e) => e.success).length / lidarOnly.length, 4),
          collisions: lidarOnly.reduce((a, e) => a + e.collisions, 0),
          mean_path_ratio: round(lidarOnly.reduce((a, e) => a + e.ratio, 0) / lidarOnly.length),
          failures: lidarOnly.filter((e) => !e.success).map((e) => ({ world: e.world, seed: e.seed, state: e.state, reason: e.reason, collisions: e.collisions })),
        },
    random_driver: drives.map((d) => ({ world: d.world, sim_seconds: d.simSeconds, collisions: d.collisions, distance_m: round(d.distance, 1), collision_monitor_active_fraction: round(d.limitedFraction, 3) })),
    sim_wall_seconds: round(wallEpisodes, 1),
    faults,
    faults_reverse: faultsReverse,
  };
}

/** navstack nav benchmark: planning vs pathfinding's A*, planner and controller timings; simulator figures. */
export async function bench(options: { quick: boolean }): Promise<Record<string, unknown>> {
  const quick = options.quick;
  const out: Record<string, unknown> = {};
  await planningBench(100, 10, 99); // JIT warm-up for both planners
  fullPlannerBench(100, 5, 99);
  out.planning_200 = await planningBench(200, quick ? 30 : 200, 1);
  out.planning_1000 = await planningBench(1000, quick ? 8 : 30, 2);
  out.full_planner_200 = fullPlannerBench(200, quick ? 20 : 100, 3);
  out.full_planner_1000 = fullPlannerBench(1000, quick ? 3 : 20, 4);
  Object.assign(out, controllerBench(quick ? 2000 : 20000));
  // the nodes' per-goal log lines would drown the benchmark's output: drop them while the simulator runs
  const oldSink = setLogSink(() => {});
  try {
    Object.assign(out, await simFigures(quick));
  } finally {
    setLogSink(oldSink);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes('--quick');
  bench({ quick }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
