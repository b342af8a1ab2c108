// The static map of a world: which cells the robot body can touch, rasterized with the simulator's own
// collision check, as nav_msgs/OccupancyGrid (what sim_node and map_from_world publish on `map`).
import type { nav_msgs } from '@navstack/msgs';
import type { Node } from '@navstack/rcl';
import type { Bounds } from './types.ts';

/** What the map needs from a simulator: the world's extent and its footprint collision check. */
export interface FootprintWorld {
  readonly world: { readonly name: string; readonly bounds: Bounds };
  /** True when a disc of radius r at (x, y) overlaps a collision shape in the robot body's height band. */
  overlaps(x: number, y: number, r: number): boolean;
}

export interface OccupancyMapOptions {
  /** Cell size (m). */
  resolution: number;
  /** Free margin around the world's extent (m); default 1. */
  margin?: number;
  /** Default 'map'. */
  frameId?: string;
}

/** Shapes farther out than this (a huge ground box, say) must not blow the grid up. */
const MAX_EXTENT = 100;

/**
 * The world's static map (100 = occupied, 0 = free): a cell is occupied when a disc of half a cell around
 * its centre overlaps a shape the robot body can touch. Cells lie on a lattice of `resolution` from the
 * world origin, so maps of one world at one resolution line up whatever their extent.
 */
export function occupancyGridOf(sim: FootprintWorld, o: OccupancyMapOptions): nav_msgs.OccupancyGrid {
  const res = o.resolution;
  if (!(res > 0)) throw new Error(`occupancy map: resolution must be positive, got ${res}`);
  const margin = o.margin ?? 1;
  const b = sim.world.bounds;
  const x0 = Math.floor((Math.max(b.minX, -MAX_EXTENT) - margin) / res) * res;
  const y0 = Math.floor((Math.max(b.minY, -MAX_EXTENT) - margin) / res) * res;
  const width = Math.ceil((Math.min(b.maxX, MAX_EXTENT) + margin - x0) / res);
  const height = Math.ceil((Math.min(b.maxY, MAX_EXTENT) + margin - y0) / res);
  const data = new Int8Array(width * height);
  const r = res * 0.5;
  for (let j = 0; j < height; j++) {
    const y = y0 + (j + 0.5) * res;
    for (let i = 0; i < width; i++) if (sim.overlaps(x0 + (i + 0.5) * res, y, r)) data[j * width + i] = 100;
  }
  const t = { sec: 0, nanosec: 0 };
  return {
    header: { stamp: t, frame_id: o.frameId ?? 'map' },
    info: { map_load_time: t, resolution: res, width, height, origin: { position: { x: x0, y: y0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
    data,
  };
}

/** Publishes the world's static map once on `map` (latched, frame `frameId`); late subscribers get it too. */
export function publishWorldMap(node: Node, sim: FootprintWorld, resolution: number, frameId: string): void {
  const grid = occupancyGridOf(sim, { resolution, frameId });
  node.createPublisher('nav_msgs/msg/OccupancyGrid', 'map', { qos: 'latched' }).publish(grid);
  node.getLogger().info(`static map of world '${sim.world.name}' on map: ${grid.info.width}x${grid.info.height} cells at ${resolution} m, frame ${frameId}`);
}

