import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadWorldFile, parseWorld } from './sdf.ts';
import { Simulator } from './Simulator.ts';
import { WORLDS_DIR } from './simNode.ts';
import path from 'node:path';

const wallWorld = parseWorld(
  `<sdf version="1.9"><world name="t">
    <model name="wall"><static>true</static><pose>2 0 0.5 0 0 0</pose><link name="l">
      <collision name="c"><geometry><box><size>0.2 4 1</size></box></geometry></collision>
      <visual name="v"><geometry><box><size>0.2 4 1</size></box></geometry></visual></link></model>
    <model name="low_plate"><static>true</static><pose>-2 0 0.002 0 0 0</pose><link name="l">
      <collision name="c"><geometry><box><size>1 1 0.004</size></box></geometry></collision></link></model>
  </world></sdf>`,
  'wall.sdf',
  { onWarning: () => {}, env: {} },
);

function trajectoryHash(seed: number, world = loadWorldFile(path.join(WORLDS_DIR, 'office.sdf'), { onWarning: () => {} })): string {
  const sim = new Simulator({ world, seed, start: { x: 0, y: 0, yaw: 0 } });
  const h = createHash('sha256');
  const buf = new Float64Array(6);
  for (let i = 0; i < 1500; i++) {
    const t = i / 100;
    sim.step({ linear: 0.5 * Math.sin(t * 0.7) + 0.2, angular: Math.cos(t * 1.3) });
    const p = sim.pose(), v = sim.velocity();
    buf.set([p.x, p.y, p.yaw, v.linear, v.angular, sim.collisions]);
    h.update(new Uint8Array(buf.buffer));
    if (i % 10 === 0) {
      const s = sim.scan();
      h.update(new Uint8Array(s.ranges.buffer));
    }
    if (i % 50 === 0) h.update(sim.cameraImage().data);
  }
  return h.digest('hex');
}

describe('Simulator', () => {
  it('is deterministic: the same seed gives the same trajectory, scans and images, byte for byte', () => {
    const a = trajectoryHash(42);
    expect(trajectoryHash(42)).toBe(a);
    expect(trajectoryHash(43)).not.toBe(a); // the seed drives the sensor noise
  });

  it('reset restores the start, clock, collisions and noise stream', () => {
    const world = wallWorld;
    const sim = new Simulator({ world, seed: 5, start: { x: 0, y: 0, yaw: 0 } });
    const first = sim.scan().ranges.slice();
    for (let i = 0; i < 500; i++) sim.step({ linear: 0.5, angular: 0 });
    expect(sim.collisions).toBe(1);
    sim.reset({ start: { x: 0, y: 0, yaw: 0 } });
    expect(sim.time).toBe(0);
    expect(sim.collisions).toBe(0);
    expect(sim.pose()).toEqual({ x: 0, y: 0, yaw: 0 });
    expect(sim.scan().ranges).toEqual(first);
  });

  it('keeps sim time in whole steps and stamps messages with it', () => {
    const sim = new Simulator({ world: wallWorld, seed: 0, start: { x: 0, y: 0, yaw: 0 } });
    for (let i = 0; i < 250; i++) sim.step({ linear: 0, angular: 0 });
    expect(sim.time).toBe(2.5);
    expect(sim.stamp()).toEqual({ sec: 2, nanosec: 500_000_000 });
    expect(sim.scan().header.stamp).toEqual({ sec: 2, nanosec: 500_000_000 });
    expect(sim.odometry().header).toEqual({ stamp: { sec: 2, nanosec: 500_000_000 }, frame_id: 'odom' });
  });

  it('limits velocity and acceleration as the description says', () => {
    const sim = new Simulator({ world: wallWorld, seed: 0, start: { x: -1, y: 0, yaw: Math.PI } });
    const d = sim.robot.drive;
    sim.step({ linear: 10, angular: 10 });
    expect(sim.velocity().linear).toBeCloseTo(d.maxLinearAccel * 0.01, 12);
    expect(sim.velocity().angular).toBeCloseTo(d.maxAngularAccel * 0.01, 12);
    for (let i = 0; i < 200; i++) sim.step({ linear: 10, angular: 10 });
    expect(sim.velocity()).toEqual({ linear: d.maxLinear, angular: d.maxAngular });
  });

  it('accelerates at max_linear_acceleration and brakes at min_linear_acceleration (gz-sim SpeedLimiter, signed)', () => {
    const sim = new Simulator({ world: wallWorld, seed: 0, start: { x: -1, y: 0, yaw: Math.PI } });
    const d = sim.robot.drive;
    expect([d.maxLinearAccel, d.minLinearAccel]).toEqual([2.5, -2.5]); // symmetric: brakes at 2.5 m/s^2 forward and in reverse
    const dt = sim.dt;
    // time from rest to full speed, and from full speed to rest, in whole physics steps
    const stepsUntil = (cmd: number, done: (v: number) => boolean) => {
      for (let n = 1; n <= 1000; n++) {
        sim.step({ linear: cmd, angular: 0 });
        if (done(sim.velocity().linear)) return n;
      }
      return Infinity;
    };
    const accel = stepsUntil(d.maxLinear, (v) => v >= d.maxLinear - 1e-12);
    expect(accel * dt).toBeCloseTo(d.maxLinear / d.maxLinearAccel, 9); // 0.2 s
    const brake = stepsUntil(0, (v) => v === 0);
    expect(brake * dt).toBeCloseTo(d.maxLinear / -d.minLinearAccel, 9); // 0.2 s
    // each braking step takes min_linear_acceleration * dt off the velocity
    for (let i = 0; i < 50; i++) sim.step({ linear: d.maxLinear, angular: 0 });
    sim.step({ linear: 0, angular: 0 });
    expect(sim.velocity().linear).toBeCloseTo(d.maxLinear + d.minLinearAccel * dt, 12);
    // signed, not towards zero: from rest backwards the velocity drops at min too, and braking from reverse rises at max
    sim.reset({ start: { x: 0, y: 0, yaw: 0 } });
    sim.step({ linear: d.minLinear, angular: 0 });
    expect(sim.velocity().linear).toBeCloseTo(d.minLinearAccel * dt, 12);
    for (let i = 0; i < 100; i++) sim.step({ linear: d.minLinear, angular: 0 });
    expect(sim.velocity().linear).toBe(d.minLinear);
    sim.step({ linear: 0, angular: 0 });
    expect(sim.velocity().linear).toBeCloseTo(d.minLinear + d.maxLinearAccel * dt, 12);
    // from full speed in reverse to rest: as fast as forward (0.2 s)
    const brakeReverse = stepsUntil(0, (v) => v === 0) + 1;
    expect(brakeReverse * dt).toBeCloseTo(-d.minLinear / d.maxLinearAccel, 9);
    expect(brakeReverse).toBe(brake);
    // angular: symmetric limits
    sim.reset({ start: { x: 0, y: 0, yaw: 0 } });
    for (let i = 0; i < 100; i++) sim.step({ linear: 0, angular: d.maxAngular });
    sim.step({ linear: 0, angular: 0 });
    expect(sim.velocity().angular).toBeCloseTo(d.maxAngular + d.minAngularAccel * dt, 12);
    expect(d.minAngularAccel).toBe(-d.maxAngularAccel);
  });

  it('integrates a straight line and an arc exactly', () => {
    const sim = new Simulator({ world: wallWorld, seed: 0, start: { x: 0, y: 0, yaw: Math.PI / 2 } });
    for (let i = 0; i < 100; i++) sim.step({ linear: 0.01, angular: 0 }); // below the accel limit per step
    expect(sim.pose().x).toBeCloseTo(0, 12);
    expect(sim.pose().y).toBeCloseTo(0.01, 3);
    const arc = new Simulator({ world: wallWorld, seed: 0, start: { x: 0, y: -1, yaw: 0 } });
    const centre = () => {
      const p = arc.pose();
      return [p.x - Math.sin(p.yaw), p.y + Math.cos(p.yaw)]; // radius v / w = 1
    };
    for (let i = 0; i < 100; i++) arc.step({ linear: 0.2, angular: 0.2 }); // past the acceleration
    const c0 = centre();
    for (let i = 0; i < 2000; i++) {
      arc.step({ linear: 0.2, angular: 0.2 });
      const c = centre();
      expect(c[0]).toBeCloseTo(c0[0], 9);
      expect(c[1]).toBeCloseTo(c0[1], 9);
    }
  });

  it('stops at an obstacle and counts one collision per contact', () => {
    const sim = new Simulator({ world: wallWorld, seed: 0, start: { x: 0, y: 0, yaw: 0 } });
    const r = sim.robot.radius;
    for (let i = 0; i < 800; i++) sim.step({ linear: 0.5, angular: 0 });
    const p = sim.pose();
    expect(p.x).toBeLessThan(1.9 - r);
    expect(p.x).toBeGreaterThan(1.9 - r - 0.01);
    expect(sim.collisions).toBe(1);
    expect(sim.inContact).toBe(true);
    expect(sim.velocity().linear).toBeLessThan(0.02);
    // back off and drive in again: a second contact
    for (let i = 0; i < 200; i++) sim.step({ linear: -0.3, angular: 0 });
    expect(sim.inContact).toBe(false);
    for (let i = 0; i < 400; i++) sim.step({ linear: 0.5, angular: 0 });
    expect(sim.collisions).toBe(2);
    // turning in place while touching is allowed
    const yaw0 = sim.pose().yaw;
    for (let i = 0; i < 100; i++) sim.step({ linear: 0, angular: 1 });
    expect(sim.pose().yaw).not.toBeCloseTo(yaw0, 1);
    expect(sim.collisions).toBe(2);
  });

  it('drives over shapes below the body (floor plates) without a collision', () => {
    const sim = new Simulator({ world: wallWorld, seed: 0, start: { x: -1, y: 0, yaw: Math.PI } });
    for (let i = 0; i < 500; i++) sim.step({ linear: 0.5, angular: 0 });
    expect(sim.pose().x).toBeLessThan(-2.5);
    expect(sim.collisions).toBe(0);
  });

  it('reports clearance to the nearest obstacle', () => {
    const sim = new Simulator({ world: wallWorld, seed: 0, start: { x: 0, y: 0, yaw: 0 } });
    expect(sim.clearance(0, 0)).toBeCloseTo(1.9 - sim.robot.radius, 9);
    expect(sim.clearance(1.9, 0)).toBeLessThan(0);
  });
});
