import type { sensor_msgs } from '@navstack/msgs';
import type { Pose2D } from '@navstack/math';

/** A costmap update from one lidar beam (Costmap2D.updateFromScan's input). */
export interface ScanHit {
  x: number;
  y: number;
  /** false: no return within range, the beam only clears */
  mark: boolean;
  /** false: a point joined between neighbouring returns, marked without clearing */
  ray?: boolean;
}

export interface ObstacleLayerOptions {
  /** returns farther than this do not mark (m) */
  obstacleMaxRange: number;
  /** beams clear free space up to this range (m) */
  raytraceMaxRange: number;
  /** neighbouring returns closer together than this are joined (m): the robot's diameter */
  joinDistance: number;
  /** the costmap's cell size (m) */
  resolution: number;
}

/**
 * Nav2's obstacle layer input from one LaserScan taken at `laser` (global frame): a point per beam, and points
 * joining neighbouring returns closer together than the robot's diameter (the robot cannot pass between them
 * anyway, and a wall seen at a grazing angle otherwise shows as sparse dots).
 */
export function scanHits(m: sensor_msgs.LaserScan, laser: Pose2D, o: ObstacleLayerOptions): ScanHit[] {
  const hits: ScanHit[] = [];
  for (let i = 0; i < m.ranges.length; i++) {
    let r = m.ranges[i]!;
    if (Number.isNaN(r) || r < m.range_min) continue;
    let mark = true;
    if (!(r <= m.range_max) || r > o.obstacleMaxRange) mark = false;
    if (!mark) r = Math.min(Number.isFinite(r) ? r : Infinity, o.raytraceMaxRange);
    const a = laser.yaw + m.angle_min + i * m.angle_increment;
    // a return lies on the obstacle's surface: mark the cell just behind it, so the cell is inside
    // the obstacle and beams grazing the surface do not clear it
    if (mark) r += o.resolution * 0.5;
    hits.push({ x: laser.x + r * Math.cos(a), y: laser.y + r * Math.sin(a), mark });
  }
  const n = hits.length;
  for (let i = 0; i < n; i++) {
    const a = hits[i]!, b = hits[(i + 1) % n]!;
    if (!a.mark || !b.mark || a.ray === false || b.ray === false) continue;
    const d = Math.hypot(b.x - a.x, b.y - a.y);
    if (d >= o.joinDistance || d <= o.resolution) continue;
    const steps = Math.ceil(d / (o.resolution * 0.5));
    for (let k = 1; k < steps; k++) hits.push({ x: a.x + ((b.x - a.x) * k) / steps, y: a.y + ((b.y - a.y) * k) / steps, mark: true, ray: false });
  }
  return hits;
}
