import { describe, expect, it } from 'vitest';
import { Simulator, loadWorldFile } from '@navstack/sim';
import { fileURLToPath } from 'node:url';
import { runEpisodes, runRandomDriver, staticMapOf, ReferenceMap, rng, type EpisodeSim } from './episodes.ts';
import { NavHarness } from './NavHarness.ts';
import { runFault } from './faults.ts';

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

describe('fault handling in the embedded simulator', () => {
  const straight = () => {
    const sim = simFor('empty_room');
    sim.reset({ start: { x: -3.2, y: -1.5, yaw: 0 }, seed: 1 });
    return new NavHarness({ sim, navigator: false });
  };
  const fullSpeed = (h: NavHarness) => () => {
    if (Math.round(h.time * 100) % 10 === 0) h.pubTeleop.publish({ linear: { x: 0.5, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
  };

  it('e-stop at full speed: cmd_vel zero at once, stopped within 0.5 s, no motion until released', async () => {
    const h = straight();
    expect(h.safety.status.estop).toBe(false);
    const r = runFault(h, { drive: fullSpeed(h), inject: () => h.pubEstop.publish({ data: true }), clear: () => h.pubEstop.publish({ data: false }), warmup: 1.5, holdSeconds: 2 });
    expect(r.stopped).toBe(true);
    expect(r.reactionTime).toBeLessThanOrEqual(0.01 + 1e-6);
    expect(r.stopTime).toBeLessThanOrEqual(0.5 + 0.01 + 1e-6); // 0.5 m/s at the base's 1 m/s^2 limit, plus one physics step
    expect(r.maxSpeedDuringFault).toBe(0);
    expect(r.drift).toBe(0);
    expect(r.resumed).toBe(true);
    await h.close();
  });

  it('teleop source stops sending: deadman stops the robot, it moves again when commands return', async () => {
    const h = straight();
    let sending = true;
    const drive = fullSpeed(h);
    const r = runFault(h, { drive: () => sending && drive(), inject: () => (sending = false), clear: () => (sending = true), warmup: 1.5, holdSeconds: 2 });
    expect(r.stopped).toBe(true);
    expect(r.reactionTime).toBeLessThanOrEqual(0.5 + 0.02 + 1e-6); // deadman 0.5 s, checked at 50 Hz
    expect(r.brakingTime).toBeLessThanOrEqual(0.5 + 0.01 + 1e-6);
    expect(r.maxSpeedDuringFault).toBe(0);
    expect(r.resumed).toBe(true);
    await h.close();
  });

  it('lidar silenced while navigating: stale-scan stop, no motion until scans return, then the goal is reached', async () => {
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
    const r = runFault(h, { drive: () => {}, inject: () => (h.scanSilenced = true), clear: () => (h.scanSilenced = false), warmup: 6, holdSeconds: 3 });
    expect(r.stopped).toBe(true);
    expect(r.reactionTime).toBeLessThanOrEqual(0.5 + 0.02 + 1e-6); // last scan <= fault time; checked at 50 Hz
    expect(r.brakingTime).toBeLessThanOrEqual(0.5 + 0.01 + 1e-6);
    expect(r.maxSpeedDuringFault).toBe(0);
    expect(r.resumed).toBe(true);
    h.run(60, () => h.navigator!.goal!.state !== 'active');
    expect(h.navigator!.goal!.state).toBe('succeeded');
    expect(sim.collisions).toBe(0);
    await h.close();
  });
});
