import type { Point2D } from '@navstack/math';
import type { Velocity } from '../controller/Controller.ts';

export interface CollisionMonitorOptions {
  /** the robot is a circle of this radius around base_link (metres) */
  robotRadius: number;
  /** stop zone: points closer than robotRadius + stopMargin in the direction of travel stop linear motion */
  stopMargin: number;
  /** slow-down zone: points closer than robotRadius + slowdownMargin ahead scale linear speed by slowdownRatio */
  slowdownMargin: number;
  slowdownRatio: number;
  /** approach: the command is simulated this far ahead (s); if the footprint would hit a point at t, speed is scaled by t / horizon */
  timeBeforeCollision: number;
  /** footprint inflation used by the approach model (metres) */
  approachMargin: number;
  /** simulation step of the approach model (s) */
  simulationStep: number;
  /** points needed in a zone for it to act (Nav2's min_points) */
  minPoints: number;
  /** half-angle of the stop and slow-down zones around the direction of travel (rad) */
  zoneHalfAngle: number;
}

export const COLLISION_MONITOR_DEFAULTS: CollisionMonitorOptions = {
  robotRadius: 0.17,
  stopMargin: 0.04,
  slowdownMargin: 0.35,
  slowdownRatio: 0.5,
  timeBeforeCollision: 1.2,
  approachMargin: 0.02,
  simulationStep: 0.05,
  minPoints: 1,
  zoneHalfAngle: 1.0,
};

export type MonitorAction = 'none' | 'stop' | 'slowdown' | 'approach';

export interface MonitorResult {
  cmd: Velocity;
  action: MonitorAction;
}

/**
 * Nav2-style collision monitor for a circular robot, on obstacle points in the base frame:
 * a stop zone, a slow-down zone and the approach (time-to-collision) model. Rotation in place
 * cannot make a circular robot hit anything, so zones act on the linear part and on arcs.
 */
export function monitorCommand(cmd: Velocity, points: readonly Point2D[], o: CollisionMonitorOptions): MonitorResult {
  let v = cmd.linear;
  let w = cmd.angular;
  if (v === 0) return { cmd: { linear: 0, angular: w }, action: 'none' };
  const dir = Math.sign(v);
  const stopR = o.robotRadius + o.stopMargin;
  const slowR = o.robotRadius + o.slowdownMargin;
  let inStop = 0;
  let inSlow = 0;
  const cosCone = Math.cos(o.zoneHalfAngle);
  for (const p of points) {
    const d2 = p.x * p.x + p.y * p.y;
    // only points in a cone around the direction of travel count: the robot closes in on them
    // (points alongside are left to the approach model, which checks the swept footprint)
    if (p.x * dir <= cosCone * Math.sqrt(d2)) continue;
    if (d2 < stopR * stopR) inStop++;
    else if (d2 < slowR * slowR) inSlow++;
  }
  if (inStop >= o.minPoints) return { cmd: { linear: 0, angular: w }, action: 'stop' };
  let action: MonitorAction = 'none';
  if (inSlow >= o.minPoints) {
    v *= o.slowdownRatio;
    action = 'slowdown';
  }
  // approach: earliest time the (inflated) footprint touches a point along the commanded arc
  const r = o.robotRadius + o.approachMargin;
  const r2 = r * r;
  const reach = Math.abs(v) * o.timeBeforeCollision + r;
  const near = points.filter((p) => p.x * p.x + p.y * p.y <= reach * reach);
  if (near.length >= o.minPoints) {
    let x = 0, y = 0, th = 0;
    const steps = Math.ceil(o.timeBeforeCollision / o.simulationStep);
    for (let i = 1; i <= steps; i++) {
      const dt = o.simulationStep;
      x += v * Math.cos(th) * dt;
      y += v * Math.sin(th) * dt;
      th += w * dt;
      let hits = 0;
      for (const p of near) {
        const dx = p.x - x, dy = p.y - y;
        // only count points the motion approaches (ahead of the footprint along the travel direction)
        if (dx * dx + dy * dy < r2 && (dx * Math.cos(th) + dy * Math.sin(th)) * dir > 0) hits++;
      }
      if (hits >= o.minPoints) {
        const t = (i - 1) * o.simulationStep;
        const scale = t / o.timeBeforeCollision;
        if (scale * Math.abs(v) < Math.abs(v)) {
          v *= scale; // angular kept: turning away is how the robot gets out
          action = 'approach';
        }
        break;
      }
    }
  }
  return { cmd: { linear: v, angular: w }, action };
}

/** LaserScan ranges -> points in the base frame (laser pose given in the base frame). */
export function scanToPoints(
  scan: { angle_min: number; angle_increment: number; range_min: number; range_max: number; ranges: ArrayLike<number> },
  laser: { x: number; y: number; yaw: number },
  maxRange = Infinity,
): Point2D[] {
  const out: Point2D[] = [];
  const c = Math.cos(laser.yaw);
  const s = Math.sin(laser.yaw);
  const lim = Math.min(scan.range_max, maxRange);
  for (let i = 0; i < scan.ranges.length; i++) {
    const r = scan.ranges[i]!;
    if (!(r >= scan.range_min) || !(r <= lim)) continue;
    const a = scan.angle_min + i * scan.angle_increment;
    const lx = r * Math.cos(a);
    const ly = r * Math.sin(a);
    out.push({ x: laser.x + c * lx - s * ly, y: laser.y + s * lx + c * ly });
  }
  return out;
}
