/**
 * Turns per-frame target estimates into navigation goals (pure: no ROS, no clocks of its own).
 *
 * - target: when the policy sees the named object in two consecutive frames at about the same place,
 *   the goal is the robot pose plus (range - standoff) along the bearing, facing the object; it is
 *   re-sent only when it moves by more than `updateDistance`.
 * - search (no target committed): the lidar sees objects all around, the camera only ahead. Cells with lidar
 *   returns that the camera has not looked at yet (within `lookRange`, unoccluded) are the places the
 *   target can still be: turn toward the 30-degree sector holding most of them; when none is near, drive
 *   (up to `exploreDistance`, along a free lidar direction) toward free space with many such places around
 *   it, away from places already visited; then look again.
 * - once a target goal is committed and the object drops out of view (too close, occluded), the goal stays.
 * - range: the lidar's range at the detected bearing when it has a return there (more precise than the
 *   network's range head), else the network's.
 * - arrival (the navigation stack reports the goal reached): the robot faces the object from ~stand-off.
 *   With `verifyFrames` = 0 the mode becomes 'done'. Otherwise the policy looks again from close up: the
 *   target seen ahead in `verifyFrames` frames -> 'done'; not seen in `verifyFrames` frames -> the
 *   detection is rejected (its place is remembered and ignored from then on) and the search resumes.
 * - approach check (`approachRejectFrames` > 0): while driving to a committed object that is within
 *   `approachCheckRange`, inside the camera's view and not occluded (lidar), frames in which the policy
 *   does not see the target there count against it; that many in a row reject it early. Up close the
 *   object fills more of the image, so look-alikes that fooled the policy from afar are caught here.
 */
import { wrapAngle } from './angle.ts';
import type { sensor_msgs } from '@navstack/msgs';
import type { TargetEstimate } from './decision.ts';
import { rangeAt } from './preprocess.ts';
import type { Pose2D } from './pose.ts';
import type { ModelCard } from './card.ts';

export type Mode = 'idle' | 'search-rotate' | 'search-explore' | 'target' | 'done';

export interface BehaviourOptions {
  standoff: number;
  updateDistance: number;
  confirmFrames: number;
  exploreDistance: number;
  /** Seconds before a search step is abandoned and the next one chosen. */
  stepTimeout: number;
  enableSearch: boolean;
  /** Minimum confidence to commit to a detection. */
  commitConfidence: number;
  /** Arrival check (0 = off): frames without (or with) the target ahead that reject (or confirm) it. */
  verifyFrames: number;
  /** Approach check (0 = off): consecutive frames not seeing a close, visible committed object that reject it. */
  approachRejectFrames: number;
  /** Approach check: only within this distance (m) of the object. */
  approachCheckRange: number;
  /** Camera horizontal field of view (rad), for the approach check and coverage. */
  hfov: number;
  /** Search: how far (m) the camera is trusted to notice the target; coverage counts up to here. */
  lookRange: number;
}

export const DEFAULT_BEHAVIOUR: BehaviourOptions = { standoff: 0.55, updateDistance: 0.3, confirmFrames: 2, exploreDistance: 3, stepTimeout: 12, enableSearch: true, commitConfidence: 0.5, verifyFrames: 0, approachRejectFrames: 0, approachCheckRange: 2.5, hfov: 1.047, lookRange: 3.5 };

/** The behaviour settings a model card carries (stand-off and checks tuned for that model). */
export function behaviourFromCard(card: ModelCard): Partial<BehaviourOptions> {
  const d = card.decision;
  return { standoff: d.standoff, verifyFrames: d.verifyFrames ?? 0, approachRejectFrames: d.approachRejectFrames ?? 0, hfov: card.preprocess.hfov };
}

export interface Decision {
  mode: Mode;
  /** A new goal to publish (undefined: keep the current one). */
  goal?: Pose2D;
}

/** The policy sees the target (p(not in view) < 0.5) about this bearing (probability-weighted over all columns). */
function seesAt(est: TargetEstimate, bearing: number, tolerance: number): boolean {
  return est.pNotInView < 0.5 && Math.abs(wrapAngle(est.meanBearing - bearing)) < tolerance;
}

export class GoalBehaviour {
  readonly options: BehaviourOptions;
  mode: Mode = 'idle';
  #goal: Pose2D | undefined;
  #candidate: { x: number; y: number; n: number } | undefined;
  #committed = false;
  #rotateSteps = 0;
  #stepStart = 0;
  #visited: { x: number; y: number }[] = [];
  #rejected: { x: number; y: number }[] = [];
  readonly #viewed = new Set<number>();
  readonly #unviewed = new Map<number, { x: number; y: number }>();
  #verifyYes = 0;
  #verifyNo = 0;
  #approachNo = 0;

  constructor(options: Partial<BehaviourOptions> = {}) {
    this.options = { ...DEFAULT_BEHAVIOUR, ...options };
  }

  get goal(): Pose2D | undefined {
    return this.#goal;
  }

  /** A new instruction: forget the previous target and search afresh. */
  reset(): void {
    this.mode = 'idle';
    this.#goal = undefined;
    this.#candidate = undefined;
    this.#committed = false;
    this.#rotateSteps = 0;
    this.#visited = [];
    this.#rejected = [];
    this.#viewed.clear();
    this.#unviewed.clear();
    this.#verifyYes = this.#verifyNo = this.#approachNo = 0;
  }

  /** Where the committed object is: the target goal plus the stand-off along its heading. */
  #object(): { x: number; y: number } {
    const g = this.#goal!;
    return { x: g.x + this.options.standoff * Math.cos(g.yaw), y: g.y + this.options.standoff * Math.sin(g.yaw) };
  }

  #reject(pose: Pose2D, scan: sensor_msgs.LaserScan | undefined, time: number): Decision {
    this.#rejected.push(this.#object());
    this.#committed = false;
    this.#candidate = undefined;
    this.#verifyYes = this.#verifyNo = this.#approachNo = 0;
    this.mode = 'idle';
    return this.#search(pose, scan, time);
  }

  /**
   * One decision. `arrived`: the navigation stack reports the last goal reached (the navigator's goal
   * status, or the evaluation's executor).
   */
  update(pose: Pose2D, est: TargetEstimate, scan: sensor_msgs.LaserScan | undefined, time: number, arrived = false): Decision {
    const o = this.options;
    if (this.#visited.length === 0 || Math.hypot(this.#visited[this.#visited.length - 1].x - pose.x, this.#visited[this.#visited.length - 1].y - pose.y) > 0.5) this.#visited.push({ x: pose.x, y: pose.y });
    if (this.mode === 'done') return { mode: 'done' };
    this.#observe(pose, scan);
    if (this.#committed && arrived) {
      if (o.verifyFrames === 0) {
        this.mode = 'done';
        return { mode: 'done' };
      }
      if (seesAt(est, 0, 0.6)) this.#verifyYes++;
      else this.#verifyNo++;
      if (this.#verifyYes >= o.verifyFrames) {
        this.mode = 'done';
        return { mode: 'done' };
      }
      if (this.#verifyNo >= o.verifyFrames) return this.#reject(pose, scan, time);
      return { mode: this.mode };
    }
    if (this.#committed && o.approachRejectFrames > 0) {
      const obj = this.#object();
      const d = Math.hypot(obj.x - pose.x, obj.y - pose.y);
      const b = wrapAngle(Math.atan2(obj.y - pose.y, obj.x - pose.x) - pose.yaw);
      const checkable = d < o.approachCheckRange && Math.abs(b) < o.hfov / 2 - 0.1 && (!scan || rangeAlong(scan, b, 0.035) > d - 0.6);
      if (!checkable) this.#approachNo = 0;
      else if (seesAt(est, b, 0.35)) this.#approachNo = 0;
      else if (++this.#approachNo >= o.approachRejectFrames) return this.#reject(pose, scan, time);
    }
    if (est.inView) {
      const a = pose.yaw + est.bearing;
      let range = est.range;
      if (scan) {
        const lr = rangeAlong(scan, est.bearing, 0.035);
        if (lr < scan.range_max - 0.01) range = lr;
      }
      const d = Math.max(0, range - o.standoff);
      const gx = pose.x + d * Math.cos(a), gy = pose.y + d * Math.sin(a);
      const ox = pose.x + range * Math.cos(a), oy = pose.y + range * Math.sin(a);
      const rejected = this.#rejected.some((r) => Math.hypot(r.x - ox, r.y - oy) < 0.8);
      const strong = est.confidence >= o.commitConfidence || this.#committed;
      if (!rejected && strong) {
        if (this.#candidate && Math.hypot(this.#candidate.x - gx, this.#candidate.y - gy) < 1.0) this.#candidate = { x: gx, y: gy, n: this.#candidate.n + 1 };
        else this.#candidate = { x: gx, y: gy, n: 1 };
      } else this.#candidate = undefined;
      if (this.#candidate && this.#candidate.n >= o.confirmFrames) {
        const goal = { x: gx, y: gy, yaw: wrapAngle(a) };
        const moved = !this.#goal || !this.#committed || Math.hypot(this.#goal.x - gx, this.#goal.y - gy) > o.updateDistance;
        this.#committed = true;
        this.mode = 'target';
        if (moved) {
          this.#goal = goal;
          this.#verifyYes = this.#verifyNo = this.#approachNo = 0;
          return { mode: this.mode, goal };
        }
        return { mode: this.mode };
      }
    } else this.#candidate = undefined;
    if (this.#committed || !o.enableSearch) return { mode: this.mode };
    return this.#search(pose, scan, time);
  }

  #search(pose: Pose2D, scan: sensor_msgs.LaserScan | undefined, time: number): Decision {
    const o = this.options;
    const g = this.#goal;
    if (this.mode === 'search-rotate' && g) {
      const reached = Math.abs(wrapAngle(pose.yaw - g.yaw)) < 0.25 || time - this.#stepStart > o.stepTimeout;
      if (!reached) return { mode: this.mode };
    } else if (this.mode === 'search-explore' && g) {
      const reached = Math.hypot(pose.x - g.x, pose.y - g.y) < 0.4 || time - this.#stepStart > o.stepTimeout;
      if (!reached) return { mode: this.mode };
      this.#rotateSteps = 0;
    } else this.#rotateSteps = 0;
    // Look at what the lidar has found and the camera has not looked at yet, nearest sectors first.
    const sector = this.#unviewedSector(pose, o.lookRange);
    if (sector && this.#rotateSteps < 6) return this.#rotate(pose, time, sector.bearing);
    if (this.#rotateSteps < 3 && this.#unviewed.size === 0) return this.#rotate(pose, time, pose.yaw + (2 * Math.PI) / 3);
    return this.#explore(pose, scan, time);
  }

  #rotate(pose: Pose2D, time: number, yaw: number): Decision {
    this.#rotateSteps++;
    this.mode = 'search-rotate';
    this.#stepStart = time;
    this.#goal = { x: pose.x, y: pose.y, yaw: wrapAngle(yaw) };
    return { mode: this.mode, goal: this.#goal };
  }

  /** Drive toward free space with the most unlooked-at lidar returns around it (else the longest, least visited). */
  #explore(pose: Pose2D, scan: sensor_msgs.LaserScan | undefined, time: number): Decision {
    this.mode = 'search-explore';
    this.#stepStart = time;
    this.#rotateSteps = 0;
    let best = { score: -Infinity, a: pose.yaw, d: 0 };
    for (let i = 0; i < 36; i++) {
      const rel = -Math.PI + (i * 2 * Math.PI) / 36;
      const r = scan ? rangeAlong(scan, rel) : 2;
      const d = Math.min(this.options.exploreDistance, r - 0.8);
      if (d < 0.8) continue;
      const a = pose.yaw + rel;
      const x = pose.x + d * Math.cos(a), y = pose.y + d * Math.sin(a);
      let novelty = Infinity;
      for (const v of this.#visited) novelty = Math.min(novelty, Math.hypot(v.x - x, v.y - y));
      let unseen = 0;
      for (const c of this.#unviewed.values()) if (Math.hypot(c.x - x, c.y - y) < this.options.lookRange) unseen++;
      const score = d + 1.5 * Math.min(novelty, 3) + 0.5 * Math.min(unseen, 20);
      if (score > best.score) best = { score, a, d };
    }
    this.#goal = { x: pose.x + best.d * Math.cos(best.a), y: pose.y + best.d * Math.sin(best.a), yaw: wrapAngle(best.a) };
    return { mode: this.mode, goal: this.#goal };
  }

  /**
   * Coverage bookkeeping on a 0.3 m grid: cells with lidar returns (within 6 m, all around) and cells the
   * camera has looked at (inside its field of view, up to lookRange, not behind the first lidar return).
   * Objects the lidar sees but the camera has not looked at are where the target can still be.
   */
  #observe(pose: Pose2D, scan: sensor_msgs.LaserScan | undefined): void {
    if (!scan) return;
    const o = this.options;
    for (let d = -o.hfov / 2 + 0.02; d <= o.hfov / 2 - 0.02; d += 0.03) {
      const reach = Math.min(o.lookRange, rangeAt(scan, d, scan.range_max) + 0.3); // nearest beam: this runs for ~35 rays a frame
      const a = pose.yaw + d;
      for (let t = 0.3; t <= reach; t += CELL / 2) {
        const k = key(pose.x + t * Math.cos(a), pose.y + t * Math.sin(a));
        this.#viewed.add(k);
        this.#unviewed.delete(k);
      }
    }
    for (let i = 0; i < scan.ranges.length; i += 2) {
      const r = scan.ranges[i];
      if (!Number.isFinite(r) || r < scan.range_min || r > 6) continue;
      const a = pose.yaw + scan.angle_min + i * scan.angle_increment;
      const x = pose.x + r * Math.cos(a), y = pose.y + r * Math.sin(a);
      const k = key(x, y);
      if (!this.#viewed.has(k) && !this.#unviewed.has(k)) this.#unviewed.set(k, { x: Math.floor(x / CELL) * CELL + CELL / 2, y: Math.floor(y / CELL) * CELL + CELL / 2 });
    }
  }

  /** The 30-degree sector (outside the current view) with the most unlooked-at returns within `range`, if any has a few. */
  #unviewedSector(pose: Pose2D, range: number): { bearing: number; count: number } | undefined {
    const counts = new Array<number>(12).fill(0);
    for (const c of this.#unviewed.values()) {
      const d = Math.hypot(c.x - pose.x, c.y - pose.y);
      if (d > range) continue;
      const b = Math.atan2(c.y - pose.y, c.x - pose.x);
      counts[Math.floor(((b + Math.PI) / (2 * Math.PI)) * 12) % 12]++;
    }
    let best = -1;
    for (let i = 0; i < 12; i++) if (counts[i] >= 3 && (best < 0 || counts[i] > counts[best])) best = i;
    return best < 0 ? undefined : { bearing: -Math.PI + ((best + 0.5) * 2 * Math.PI) / 12, count: counts[best] };
  }
}

const CELL = 0.3;
/** Grid cell of a point as one number (cells within ±3 km of the origin of the odometry frame). */
const key = (x: number, y: number) => (Math.floor(x / CELL) + 10_000) * 20_000 + Math.floor(y / CELL) + 10_000;

/** Minimum range over a sector (default +-5 degrees) around a bearing (the clear distance that way). */
export function rangeAlong(scan: sensor_msgs.LaserScan, bearing: number, halfWidth = 0.09): number {
  let m = Infinity;
  const n = scan.ranges.length;
  for (let i = 0; i < n; i++) {
    const a = wrapAngle(scan.angle_min + i * scan.angle_increment - bearing);
    if (Math.abs(a) > halfWidth) continue;
    const r = scan.ranges[i];
    m = Math.min(m, Number.isFinite(r) && r >= scan.range_min ? r : scan.range_max);
  }
  return Number.isFinite(m) ? m : scan.range_max;
}
