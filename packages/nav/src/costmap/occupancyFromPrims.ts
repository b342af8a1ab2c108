import type { nav_msgs } from '@navstack/msgs';

/**
 * The footprint data of a simulator collision primitive (packages/sim's compiled `Prim`), typed
 * structurally so nav does not depend on the simulator. kind: 0 rect, 1 circle, 2 sphere, 3/4 general
 * (tilted) box/cylinder, taken by their bounding box.
 */
export interface FootprintPrim {
  kind: number;
  cx: number;
  cy: number;
  c: number;
  s: number;
  hx: number;
  hy: number;
  z0: number;
  z1: number;
  cz: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export interface PrimGridOptions {
  resolution: number;
  /** the robot body's height band: shapes outside it cannot be hit */
  zMin: number;
  zMax: number;
  /** margin around the shapes' extent (m) */
  margin?: number;
  frameId?: string;
}

/**
 * A static map (nav_msgs/OccupancyGrid, 100 = occupied, 0 = free) of the shapes the robot body can
 * touch, as the simulator's own collision check sees them. A cell is occupied when a disc of half a
 * cell around its centre overlaps a shape.
 */
export function occupancyGridFromPrims(prims: readonly FootprintPrim[], o: PrimGridOptions): nav_msgs.OccupancyGrid {
  type K = { kind: 'circle'; x: number; y: number; r: number } | { kind: 'rect'; x: number; y: number; c: number; s: number; hx: number; hy: number };
  const kept: (K & { minX: number; maxX: number; minY: number; maxY: number })[] = [];
  for (const p of prims) {
    if (p.z1 < o.zMin || p.z0 > o.zMax) continue;
    if (p.kind === 0) kept.push({ kind: 'rect', x: p.cx, y: p.cy, c: p.c, s: p.s, hx: p.hx, hy: p.hy, minX: p.minX, maxX: p.maxX, minY: p.minY, maxY: p.maxY });
    else if (p.kind === 1) kept.push({ kind: 'circle', x: p.cx, y: p.cy, r: p.hx, minX: p.minX, maxX: p.maxX, minY: p.minY, maxY: p.maxY });
    else if (p.kind === 2) {
      const dz = p.cz < o.zMin ? o.zMin - p.cz : p.cz > o.zMax ? p.cz - o.zMax : 0;
      const r = Math.sqrt(Math.max(0, p.hx * p.hx - dz * dz));
      kept.push({ kind: 'circle', x: p.cx, y: p.cy, r, minX: p.cx - r, maxX: p.cx + r, minY: p.cy - r, maxY: p.cy + r });
    } else {
      const hx = (p.maxX - p.minX) / 2, hy = (p.maxY - p.minY) / 2;
      kept.push({ kind: 'rect', x: (p.minX + p.maxX) / 2, y: (p.minY + p.maxY) / 2, c: 1, s: 0, hx, hy, minX: p.minX, maxX: p.maxX, minY: p.minY, maxY: p.maxY });
    }
  }
  const res = o.resolution;
  const margin = o.margin ?? 1;
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const k of kept) {
    x0 = Math.min(x0, k.minX);
    y0 = Math.min(y0, k.minY);
    x1 = Math.max(x1, k.maxX);
    y1 = Math.max(y1, k.maxY);
  }
  if (kept.length === 0) x0 = y0 = -1, x1 = y1 = 1;
  // shapes far away (a huge ground box, say) must not blow the grid up
  x0 = Math.max(x0, -100) - margin;
  y0 = Math.max(y0, -100) - margin;
  x1 = Math.min(x1, 100) + margin;
  y1 = Math.min(y1, 100) + margin;
  x0 = Math.floor(x0 / res) * res;
  y0 = Math.floor(y0 / res) * res;
  const width = Math.ceil((x1 - x0) / res);
  const height = Math.ceil((y1 - y0) / res);
  const data = new Int8Array(width * height);
  const r = res * 0.5;
  for (const k of kept) {
    const i0 = Math.max(0, Math.floor((k.minX - r - x0) / res));
    const i1 = Math.min(width - 1, Math.floor((k.maxX + r - x0) / res));
    const j0 = Math.max(0, Math.floor((k.minY - r - y0) / res));
    const j1 = Math.min(height - 1, Math.floor((k.maxY + r - y0) / res));
    for (let j = j0; j <= j1; j++) {
      const y = y0 + (j + 0.5) * res;
      for (let i = i0; i <= i1; i++) {
        const x = x0 + (i + 0.5) * res;
        const dx = x - k.x, dy = y - k.y;
        let hit: boolean;
        if (k.kind === 'circle') hit = dx * dx + dy * dy < (k.r + r) ** 2;
        else {
          const lx = Math.abs(k.c * dx + k.s * dy) - k.hx;
          const ly = Math.abs(-k.s * dx + k.c * dy) - k.hy;
          const qx = lx > 0 ? lx : 0, qy = ly > 0 ? ly : 0;
          hit = qx * qx + qy * qy < r * r;
        }
        if (hit) data[j * width + i] = 100;
      }
    }
  }
  const t = { sec: 0, nanosec: 0 };
  return {
    header: { stamp: t, frame_id: o.frameId ?? 'map' },
    info: { map_load_time: t, resolution: res, width, height, origin: { position: { x: x0, y: y0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
    data,
  };
}
