/**
 * Relations among the objects the policy finds (pure): which of several matches of "red box" the instruction
 * means. The network finds objects that look like the target (and, for "next to the blue box", like the
 * reference); the robot's own map decides the relation: a wall is a long run of lidar surfaces beside the object,
 * "left" is relative to the heading when the instruction arrived, "nearest" is measured from where the robot was.
 */
import type { CoverageGrid } from './CoverageGrid.ts';
import type { Relation } from './instruction.ts';
import type { Pose2D } from './pose.ts';
import { wrapAngle } from '@navstack/math';

export interface Sighting {
  x: number;
  y: number;
  /** Frames it was seen in. */
  n: number;
}

/** Same object when closer than this (m). */
const SAME = 0.8;

function add(list: Sighting[], x: number, y: number): void {
  const s = list.find((c) => Math.hypot(c.x - x, c.y - y) < SAME);
  if (s) {
    s.x += (x - s.x) / (s.n + 1);
    s.y += (y - s.y) / (s.n + 1);
    s.n++;
  } else list.push({ x, y, n: 1 });
}

export class RelationResolver {
  readonly relation: Relation | undefined;
  /** Where the robot was when the instruction arrived (set from the first pose after it). */
  origin: Pose2D | undefined;
  /** 'nearest' / 'farthest': the sighting chosen once enough has been seen (see GoalBehaviour). */
  chosen: Sighting | undefined;
  /** Places found to be by a wall. */
  readonly #byWall: { x: number; y: number }[] = [];
  /** Sightings ruled out (looked at from close and not confirmed). */
  readonly #excluded: Sighting[] = [];
  /** Objects that look like the target, and like the reference. */
  readonly candidates: Sighting[] = [];
  readonly references: Sighting[] = [];

  constructor(relation: Relation | undefined, origin?: Pose2D) {
    this.relation = relation;
    this.origin = origin;
  }

  seen(x: number, y: number): void {
    add(this.candidates, x, y);
  }

  seenReference(x: number, y: number): void {
    add(this.references, x, y);
  }

  /** Whether an object seen at (x, y) is the one meant. `surveyed`: the robot has looked all around once. */
  accepts(x: number, y: number, grid: CoverageGrid): boolean {
    const r = this.relation;
    if (!r) return true;
    const o = this.origin ?? { x: 0, y: 0, yaw: 0 };
    if (r.kind === 'side') {
      const b = wrapAngle(Math.atan2(y - o.y, x - o.x) - o.yaw);
      return r.side === 'left' ? b > 0.05 && b < Math.PI - 0.05 : b < -0.05 && b > -Math.PI + 0.05;
    }
    if (r.kind === 'near-wall') {
      // the map grows as the robot moves: once a wall has been found beside a place, it stays found
      if (this.#byWall.some((p) => Math.hypot(p.x - x, p.y - y) < SAME)) return true;
      if (!nearWall(grid, x, y)) return false;
      this.#byWall.push({ x, y });
      return true;
    }
    if (r.kind === 'next-to') return this.references.some((s) => s.n >= 2 && Math.hypot(s.x - x, s.y - y) > 0.3 && Math.hypot(s.x - x, s.y - y) < 1.8);
    // nearest / farthest: the chosen one
    return this.chosen !== undefined && Math.hypot(this.chosen.x - x, this.chosen.y - y) < SAME;
  }

  /** Rules out the chosen sighting (not confirmed from close up); the next extreme can be chosen. */
  exclude(): void {
    if (this.chosen) this.#excluded.push(this.chosen);
    this.chosen = undefined;
  }

  /** For 'nearest' / 'farthest': the extreme sighting so far (from where the robot was when the instruction arrived). */
  extreme(minFrames = 2): Sighting | undefined {
    const r = this.relation;
    if (r?.kind !== 'extreme') return undefined;
    const o = this.origin ?? { x: 0, y: 0, yaw: 0 };
    let best: Sighting | undefined, bestD = 0;
    for (const c of this.candidates) {
      if (c.n < minFrames || this.#excluded.some((e) => Math.hypot(e.x - c.x, e.y - c.y) < SAME)) continue;
      const d = Math.hypot(c.x - o.x, c.y - o.y);
      if (!best || (r.which === 'nearest' ? d < bestD : d > bestD)) (best = c), (bestD = d);
    }
    return best;
  }
}

/**
 * A wall beside an object: among the lidar surfaces 0.5-1.7 m from its centre (beyond the object itself), a straight
 * run (points within 0.12 m of one line) at least 1.4 m long. Another object nearby is a compact cluster (under
 * 1 m); a wall is long and straight. (Objects 'by the wall' in the relational suite are within 1 m of one.)
 */
export function nearWall(grid: CoverageGrid, x: number, y: number): boolean {
  const pts = grid.surfacesNear(x, y, 0.5, 1.9);
  if (pts.length < 4) return false;
  for (let i = 0; i < pts.length; i++)
    for (let j = i + 1; j < pts.length; j++) {
      const dx = pts[j].x - pts[i].x, dy = pts[j].y - pts[i].y, len = Math.hypot(dx, dy);
      if (len < 0.5) continue;
      const nx = -dy / len, ny = dx / len;
      let lo = Infinity, hi = -Infinity, count = 0;
      for (const p of pts) {
        if (Math.abs((p.x - pts[i].x) * nx + (p.y - pts[i].y) * ny) > 0.12) continue;
        const t = ((p.x - pts[i].x) * dx + (p.y - pts[i].y) * dy) / len;
        lo = Math.min(lo, t);
        hi = Math.max(hi, t);
        count++;
      }
      if (count >= 4 && hi - lo >= 1.4) return true;
    }
  return false;
}
