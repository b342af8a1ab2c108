import { describe, expect, it } from 'vitest';
import { Simulator, loadWorldFile } from '@navstack/sim';
import { fileURLToPath } from 'node:url';
import { runEpisodes, runRandomDriver, staticMapOf, ReferenceMap, rng, type EpisodeSim } from './episodes.ts';
import { NavHarness } from './NavHarness.ts';
import { FAULT_STOP_BUDGET, runFault, runTeleopFault, type FaultResult } from './faults.ts';
import { SAFETY_PARAMS } from '../safety/SafetyNode.ts';

const WORLDS = ['empty_room', 'maze', 'office', 'warehouse'];
const worldFile = (w: string) => fileURLToPath(new URL(`../../../../worlds/${w}.sdf`, import.meta.url));
const sims = new Map<string, EpisodeSim>();
function simFor(w: string): EpisodeSim {
  let s = sims.get(w);
  if (!s) {
    s = new Simulator({ world: loadWorldFile(worldFile(w)), seed: 1, start: { x: 0, y: 0, yaw: 0 } }) as unknown as EpisodeSim;
    sims.set(w, s);
  }
  return s;
}

describe('navigation in the embedded simulator (seeded episodes, known goal poses)', () => {
  it.each(WORLDS)('%s: 2 episodes succeed without collisions, path within 1.3x of the shortest', (w) => {
    const res = runEpisodes(simFor(w), 2, 11);
    for (const r of res) {
      expect(r.collisions, JSON.stringify(r)).toBe(0);
      expect(r.state, JSON.stringify(r)).toBe('succeeded');
    }
    const meanRatio = res.reduce((a, r) => a + r.ratio, 0) / res.length;
    expect(meanRatio).toBeLessThanOrEqual(1.3);
  });
});

describe('random-velocity driver through the safety layer', () => {
  it.each(WORLDS)('%s: 2 minutes of uniformly random commands at 10 Hz, zero collisions', (w) => {
    const r = runRandomDriver(simFor(w), 120, 5, { x: 0, y: 0, yaw: 0 }, { segments: 4 });
    expect(r.collisions, JSON.stringify(r)).toBe(0);
    expect(r.distance).toBeGreaterThan(5);
  });
});

describe('fault handling in the embedded simulator (issue 4: at rest within 0.5 s of sim time)', () => {
  /** facing +x (forward) or -x (backing up travels +x), room ahead for the run */
  const straight = (yaw = 0) => {
    const sim = simFor('empty_room');
    sim.reset({ start: { x: -3.2, y: -1.5, yaw }, seed: 1 });
    return new NavHarness({ sim, navigator: false });
  };
  const check = 1 / SAFETY_PARAMS.publish_rate;
  /** zero on cmd_vel within detection + one 50 Hz check, braking at the base's own limit, at rest within the budget, no motion during the fault */
  const expectStoppedWithinBudget = (h: NavHarness, r: FaultResult, detection: number, reverse = false) => {
    const drive = (h.sim as unknown as Simulator).robot.drive;
    expect(r.stopped).toBe(true);
    expect(r.reactionTime).toBeLessThanOrEqual(detection + check + 1e-6);
    // gz-sim's signed limits: min brakes forward motion, max brakes reverse motion
    const brake = reverse ? drive.maxLinearAccel : -drive.minLinearAccel;
    expect(r.brakingTime).toBeLessThanOrEqual(r.speedAtFault / brake + h.sim.dt + 1e-6);
    expect(r.stopTime).toBeLessThanOrEqual(FAULT_STOP_BUDGET + 1e-6);
    expect(r.maxSpeedDuringFault).toBeLessThan(1e-9); // at rest (the limiter may leave ~1e-17 for one step)
    expect(r.maxCmdDuringFault).toBe(0);
    expect(r.drift).toBe(0);
    expect(r.resumed).toBe(true);
  };

  it('e-stop at full speed: cmd_vel zero at once, at rest within 0.5 s, no motion until released', async () => {
    const h = straight();
    expect(h.safety.status.estop).toBe(false);
    const r = runTeleopFault(h, 'estop', { linear: SAFETY_PARAMS.max_linear_vel });
    expect(r.speedAtFault).toBeCloseTo(SAFETY_PARAMS.max_linear_vel, 6);
    expectStoppedWithinBudget(h, r, 0);
    expect(r.reactionTime).toBe(0);
    await h.close();
  });

  it('teleop source stops sending at full speed: deadman, at rest within 0.5 s of its last message, moves when commands return', async () => {
    const h = straight();
    const r = runTeleopFault(h, 'teleop_silent', { linear: SAFETY_PARAMS.max_linear_vel });
    expect(r.speedAtFault).toBeCloseTo(SAFETY_PARAMS.max_linear_vel, 6);
    expectStoppedWithinBudget(h, r, SAFETY_PARAMS.source_timeout);
    await h.close();
  });

  it('lidar silenced at full speed: stale-scan stop, at rest within 0.5 s of the last scan, no motion until scans return', async () => {
    const h = straight();
    const r = runTeleopFault(h, 'lidar_silent', { linear: SAFETY_PARAMS.max_linear_vel });
    expect(r.speedAtFault).toBeCloseTo(SAFETY_PARAMS.max_linear_vel, 6);
    expectStoppedWithinBudget(h, r, SAFETY_PARAMS.scan_timeout);
    await h.close();
  });

  it.each([
    ['estop', 0],
    ['teleop_silent', SAFETY_PARAMS.source_timeout],
    ['lidar_silent', SAFETY_PARAMS.scan_timeout],
  ] as const)('%s while backing up at full speed: at rest within 0.5 s, no motion until it clears', async (kind, detection) => {
    const h = straight(Math.PI);
    const r = runTeleopFault(h, kind, { linear: -SAFETY_PARAMS.max_linear_vel });
    expect(r.speedAtFault).toBeCloseTo(SAFETY_PARAMS.max_linear_vel, 6);
    expectStoppedWithinBudget(h, r, detection, true);
    await h.close();
  });

  it('lidar silenced while navigating: stale-scan stop within the budget, no motion until scans return, then the goal is reached', async () => {
    const sim = simFor('office');
    const ref = new ReferenceMap(staticMapOf(sim), sim.robot.radius);
    const rand = rng(3);
    let start, goal;
    do {
      start = ref.samplePose(rand, sim.world.bounds, 0.4);
      goal = ref.samplePose(rand, sim.world.bounds, 0.4);
    } while ((ref.shortestPath(start, goal) ?? 0) < 6);
    sim.reset({ start, seed: 2 });
    const h = new NavHarness({ sim, map: ref.map });
    h.sendGoal(goal);
    const r = runFault(h, { drive: () => {}, inject: () => (h.scanSilenced = true), clear: () => (h.scanSilenced = false), lastMessage: () => h.lastScanTime, warmup: 6, holdSeconds: 3 });
    expect(r.speedAtFault).toBeGreaterThan(0.2); // moving
    expectStoppedWithinBudget(h, r, SAFETY_PARAMS.scan_timeout);
    h.run(60, () => h.navigator!.goal!.state !== 'active');
    expect(h.navigator!.goal!.state).toBe('succeeded');
    expect(sim.collisions).toBe(0);
    await h.close();
  });
});
