import { describe, expect, it } from 'vitest';
import { monitorCommand, scanToPoints, COLLISION_MONITOR_DEFAULTS } from './CollisionMonitor.ts';
import { VelocityMux } from './VelocityMux.ts';
import { MiniSim, room } from '../testing/MiniSim.ts';
import { NavHarness } from '../testing/NavHarness.ts';

const o = { ...COLLISION_MONITOR_DEFAULTS, robotRadius: 0.2 };

describe('monitorCommand (collision monitor)', () => {
  it('passes a command through with nothing around', () => {
    expect(monitorCommand({ linear: 0.5, angular: 0.3 }, [{ x: -3, y: 0 }], o)).toEqual({ cmd: { linear: 0.5, angular: 0.3 }, action: 'none' });
  });
  it('stops linear motion towards a point in the stop zone, but lets the robot turn and back away', () => {
    const pts = [{ x: 0.22, y: 0 }];
    expect(monitorCommand({ linear: 0.3, angular: 0.5 }, pts, o)).toEqual({ cmd: { linear: 0, angular: 0.5 }, action: 'stop' });
    expect(monitorCommand({ linear: -0.2, angular: 0 }, pts, o).cmd.linear).toBe(-0.2);
  });
  it('slows down in the slow-down zone and scales by time to collision on approach', () => {
    const slow = monitorCommand({ linear: 0.4, angular: 0 }, [{ x: 0.45, y: 0.2 }], o);
    expect(slow.cmd.linear).toBeLessThan(0.4 * o.slowdownRatio + 1e-9);
    const appr = monitorCommand({ linear: 0.5, angular: 0 }, [{ x: 0.7, y: 0 }], o);
    expect(appr.action).not.toBe('none');
    expect(appr.cmd.linear).toBeLessThan(0.5);
    expect(appr.cmd.linear).toBeGreaterThan(0);
  });
  it('turns scans into base-frame points', () => {
    const pts = scanToPoints({ angle_min: 0, angle_increment: Math.PI / 2, range_min: 0.1, range_max: 5, ranges: new Float32Array([1, Infinity, 2, 0.01]) }, { x: 0.1, y: 0, yaw: 0 });
    expect(pts).toHaveLength(2);
    expect(pts[0]!.x).toBeCloseTo(1.1);
    expect(pts[1]!.x).toBeCloseTo(0.1 + 2 * Math.cos(Math.PI));
  });
});

describe('VelocityMux', () => {
  it('orders e-stop > stale scan > teleop > nav, with a deadman per source', () => {
    const mux = new VelocityMux([{ name: 'teleop', priority: 100, timeout: 0.5 }, { name: 'nav', priority: 10, timeout: 0.5 }], 0.5);
    mux.scanReceived(0);
    mux.command('nav', { linear: 0.3, angular: 0 }, 0);
    expect(mux.decide(0.1)).toMatchObject({ kind: 'source', source: 'nav' });
    mux.command('teleop', { linear: -0.1, angular: 0 }, 0.1);
    expect(mux.decide(0.2)).toMatchObject({ kind: 'source', source: 'teleop', cmd: { linear: -0.1 } });
    mux.scanReceived(0.5);
    expect(mux.decide(0.7)).toMatchObject({ kind: 'idle' }); // both sources went silent
    mux.setEstop(true);
    mux.command('teleop', { linear: 0.5, angular: 0 }, 0.7);
    expect(mux.decide(0.7)).toMatchObject({ kind: 'estop', cmd: { linear: 0 } });
    mux.setEstop(false);
    expect(mux.decide(0.7)).toMatchObject({ kind: 'source', source: 'teleop' });
    expect(mux.decide(1.2)).toMatchObject({ kind: 'stale_scan' });
  });
});

/** Drive at full speed with teleop in an open room, then inject a fault; returns when the base stopped. */
function faultRun(fault: (h: NavHarness) => void, clear: (h: NavHarness) => void, keepTeleop = true) {
  const sim = new MiniSim({ obstacles: room(30, 10), start: { x: 2, y: 5, yaw: 0 } });
  const h = new NavHarness({ sim, navigator: false });
  let sending = true;
  const teleop = () => {
    if (sending && Math.round(h.time * 50) % 5 === 0) h.pubTeleop.publish({ linear: { x: 1.0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
  };
  h.run(3, undefined, teleop);
  expect(sim.velocity().linear).toBeGreaterThan(0.45);
  const tFault = h.time;
  fault(h);
  if (!keepTeleop) sending = false;
  let tZero = NaN;
  // stopped: the base's speed below 1 cm/s (it decelerates at its 1 m/s^2 limit: 0.5 s from 0.5 m/s)
  const stopped = h.run(2, () => {
    if (Number.isNaN(tZero) && h.cmdVel.linear === 0) tZero = h.time;
    return Math.abs(sim.velocity().linear) <= 0.01 && h.cmdVel.linear === 0;
  }, teleop);
  const stopTime = h.time - tFault;
  const reactionTime = tZero - tFault;
  const brakingTime = h.time - tZero;
  // it must stay stopped while the fault lasts
  const before = sim.pose();
  let maxSpeed = 0;
  h.run(3, undefined, () => {
    teleop();
    maxSpeed = Math.max(maxSpeed, Math.abs(sim.velocity().linear), Math.abs(sim.velocity().angular));
  });
  const after = sim.pose();
  const drift = Math.hypot(after.x - before.x, after.y - before.y);
  clear(h);
  sending = true;
  h.run(2, undefined, teleop);
  const resumed = sim.velocity().linear > 0.3;
  return { stopped, stopTime, reactionTime, brakingTime, maxSpeed, drift, resumed, collisions: sim.collisions, h };
}

describe('safety node faults (MiniSim, sim time)', () => {
  it('e-stop at full speed: stopped within 0.5 s, no motion until released', async () => {
    const r = faultRun(
      (h) => h.pubEstop.publish({ data: true }),
      (h) => h.pubEstop.publish({ data: false }),
    );
    expect(r.stopped).toBe(true);
    expect(r.reactionTime).toBeLessThanOrEqual(0.02 + 1e-6); // zero on cmd_vel at once (one 50 Hz physics step to observe it)
    expect(r.stopTime).toBeLessThanOrEqual(0.5 + 1e-6);
    expect(r.maxSpeed).toBe(0);
    expect(r.drift).toBe(0);
    expect(r.resumed).toBe(true);
    await r.h.close();
  });

  it('lidar silenced mid-drive: stopped within 0.5 s + scan timeout, no motion until scans return', async () => {
    const r = faultRun(
      (h) => (h.scanSilenced = true),
      (h) => (h.scanSilenced = false),
    );
    expect(r.stopped).toBe(true);
    // the stale-scan stop fires 0.5 s after the last scan (checked at 50 Hz, seen one physics step later) ...
    expect(r.reactionTime).toBeLessThanOrEqual(0.5 + 0.02 + 0.02 + 1e-6);
    // ... and the base is stopped 0.5 s after that
    expect(r.brakingTime).toBeLessThanOrEqual(0.5 + 1e-6);
    expect(r.maxSpeed).toBe(0);
    expect(r.resumed).toBe(true);
    await r.h.close();
  });

  it('teleop source stops sending: deadman zeroes the output', async () => {
    const r = faultRun(
      () => {},
      () => {},
      false,
    );
    expect(r.stopped).toBe(true);
    expect(r.reactionTime).toBeLessThanOrEqual(0.5 + 0.02 + 0.02 + 1e-6);
    expect(r.brakingTime).toBeLessThanOrEqual(0.5 + 1e-6);
    expect(r.maxSpeed).toBe(0);
    expect(r.resumed).toBe(true);
    await r.h.close();
  });

  it('an e-stop published before the safety node starts is honoured (latched), and only false releases it', async () => {
    const sim = new MiniSim({ obstacles: room(10, 10), start: { x: 5, y: 5, yaw: 0 } });
    const h = new NavHarness({ sim, navigator: false });
    h.pubEstop.publish({ data: true });
    h.run(2, undefined, () => h.pubTeleop.publish({ linear: { x: 0.5, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }));
    expect(sim.pose().x).toBe(5);
    expect(h.safety.status.decision).toBe('estop');
    h.pubEstop.publish({ data: true });
    expect(h.safety.status.decision).toBe('estop');
    h.pubEstop.publish({ data: false });
    h.run(1, undefined, () => h.pubTeleop.publish({ linear: { x: 0.5, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }));
    expect(sim.pose().x).toBeGreaterThan(5.1);
    await h.close();
  });

  it('teleop driving straight at a wall is stopped short of it', async () => {
    const sim = new MiniSim({ obstacles: room(6, 6), start: { x: 1, y: 3, yaw: 0 } });
    const h = new NavHarness({ sim, navigator: false });
    h.run(12, undefined, () => h.pubTeleop.publish({ linear: { x: 1.0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }));
    expect(sim.collisions).toBe(0);
    expect(sim.pose().x).toBeGreaterThan(5.3);
    expect(sim.pose().x).toBeLessThan(5.8);
    await h.close();
  });
});
