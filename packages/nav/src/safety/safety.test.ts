import { describe, expect, it } from 'vitest';
import { monitorCommand, scanToPoints, COLLISION_MONITOR_DEFAULTS } from './CollisionMonitor.ts';
import { VelocityMux } from './VelocityMux.ts';
import { loadRobotDescription } from '@navstack/sim';
import { MiniSim, room } from '../testing/MiniSim.ts';
import { NavHarness } from '../testing/NavHarness.ts';
import { FAULT_STOP_BUDGET, runTeleopFault, type TeleopFault } from '../testing/faults.ts';
import { SAFETY_PARAMS } from './SafetyNode.ts';

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

const D = loadRobotDescription().drive;

/**
 * Teleop drives at full speed along a 30 m room (MiniSim, 50 Hz physics), then the fault. In reverse the
 * robot faces -x and backs up at -max_linear_vel, so it travels +x either way.
 */
function faultRun(kind: TeleopFault, direction: 1 | -1 = 1) {
  const sim = new MiniSim({ obstacles: room(30, 10), start: { x: 2, y: 5, yaw: direction > 0 ? 0 : Math.PI } });
  const h = new NavHarness({ sim, navigator: false });
  const linear = direction * SAFETY_PARAMS.max_linear_vel;
  const r = runTeleopFault(h, kind, { linear, warmup: 3, holdSeconds: 3 });
  return { ...r, linear, collisions: sim.collisions, dt: sim.dt, h };
}

/**
 * Issue 4: at rest within 0.5 s of the fault, zero on cmd_vel within the detection time (0 for the e-stop,
 * else the timeout) plus one check of the 50 Hz output, braking at the base's own limit, no motion while
 * the fault lasts, motion again once it clears.
 */
function expectStoppedWithinBudget(r: ReturnType<typeof faultRun>, detection: number) {
  const check = 1 / SAFETY_PARAMS.publish_rate;
  expect(r.stopped).toBe(true);
  expect(r.speedAtFault).toBeCloseTo(SAFETY_PARAMS.max_linear_vel, 6);
  expect(r.reactionTime).toBeLessThanOrEqual(detection + check + 1e-6);
  // gz-sim's signed limits: min brakes forward motion, max brakes reverse motion
  const brake = r.linear > 0 ? -D.minLinearAccel : D.maxLinearAccel;
  expect(r.brakingTime).toBeLessThanOrEqual(r.speedAtFault / brake + r.dt + 1e-6);
  expect(r.stopTime).toBeLessThanOrEqual(FAULT_STOP_BUDGET + 1e-6);
  expect(r.maxSpeedDuringFault).toBeLessThan(1e-9); // at rest (the limiter may leave ~1e-17 for one step)
  expect(r.maxCmdDuringFault).toBe(0);
  expect(r.drift).toBe(0);
  expect(r.resumed).toBe(true);
  expect(r.collisions).toBe(0);
}

describe('safety node faults (MiniSim, sim time)', () => {
  it('e-stop at full speed: zero on cmd_vel at once, at rest within 0.5 s, no motion until released', async () => {
    const r = faultRun('estop');
    expectStoppedWithinBudget(r, 0);
    expect(r.reactionTime).toBe(0);
    await r.h.close();
  });

  it('lidar silenced at full speed: stale-scan stop, at rest within 0.5 s of the last scan, no motion until scans return', async () => {
    const r = faultRun('lidar_silent');
    expectStoppedWithinBudget(r, SAFETY_PARAMS.scan_timeout);
    await r.h.close();
  });

  it('teleop source stops sending at full speed: deadman, at rest within 0.5 s of its last message, moves when commands return', async () => {
    const r = faultRun('teleop_silent');
    expectStoppedWithinBudget(r, SAFETY_PARAMS.source_timeout);
    await r.h.close();
  });

  // backing up at full speed (teleop and the viewer can): the same budget
  it.each([
    ['estop', 0],
    ['teleop_silent', SAFETY_PARAMS.source_timeout],
    ['lidar_silent', SAFETY_PARAMS.scan_timeout],
  ] as const)('%s while backing up at full speed: at rest within 0.5 s, no motion until it clears', async (kind, detection) => {
    const r = faultRun(kind, -1);
    expectStoppedWithinBudget(r, detection);
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

  it('an e-stop from a volatile publisher (plain ros2 topic pub, roslib without latch) stops the robot too', async () => {
    const sim = new MiniSim({ obstacles: room(10, 10), start: { x: 2, y: 5, yaw: 0 } });
    const h = new NavHarness({ sim, navigator: false });
    const volatileEstop = h.ctx.createNode('operator').createPublisher('std_msgs/msg/Bool', 'estop', { qos: { durability: 'volatile' } });
    const drive = () => h.pubTeleop.publish({ linear: { x: 0.5, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
    h.run(1, undefined, drive);
    expect(sim.pose().x).toBeGreaterThan(2.2);
    volatileEstop.publish({ data: true });
    h.run(0.5, undefined, drive);
    const stoppedAt = sim.pose().x;
    h.run(2, undefined, drive);
    expect(sim.pose().x).toBe(stoppedAt);
    expect(h.safety.status.decision).toBe('estop');
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
