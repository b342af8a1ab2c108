import type { nav_msgs } from '@navstack/msgs';
import { compose, poseFromMsg, type Point2D, type Pose2D } from '@navstack/math';
import type { Costmap2D } from './Costmap2D.ts';

/** OccupancyGrid values from this up are obstacles (map_server's occupied_thresh, 0.65). */
const OCCUPIED = 65;

/** The map's corners in the global frame (`mapPose`: the map's frame there), for a costmap that covers it. */
export function mapCorners(map: nav_msgs.OccupancyGrid, mapPose: Pose2D): Point2D[] {
  const { width, height, resolution: r } = map.info;
  const origin = poseFromMsg(map.info.origin);
  return ([[0, 0], [width, 0], [0, height], [width, height]] as const).map(([cx, cy]) => compose(mapPose, compose(origin, { x: cx * r, y: cy * r, yaw: 0 })));
}

/**
 * Nav2's static layer: the map's occupied cells become static cells of the costmap (sampled at half the
 * costmap's resolution, so a coarser map leaves no gaps). Recomputes the costs.
 */
export function applyStaticMap(cm: Costmap2D, map: nav_msgs.OccupancyGrid, mapPose: Pose2D): void {
  const origin = compose(mapPose, poseFromMsg(map.info.origin));
  const r = map.info.resolution;
  const sub = Math.max(1, Math.ceil(r / (cm.resolution * 0.5)));
  const c = Math.cos(origin.yaw), s = Math.sin(origin.yaw);
  for (let j = 0; j < map.info.height; j++) {
    for (let i = 0; i < map.info.width; i++) {
      if (map.data[j * map.info.width + i]! < OCCUPIED) continue;
      for (let sj = 0; sj < sub; sj++) {
        for (let si = 0; si < sub; si++) {
          const lx = (i + (si + 0.5) / sub) * r;
          const ly = (j + (sj + 0.5) / sub) * r;
          cm.setObstacle(origin.x + c * lx - s * ly, origin.y + s * lx + c * ly);
        }
      }
    }
  }
  cm.updateCosts();
}
