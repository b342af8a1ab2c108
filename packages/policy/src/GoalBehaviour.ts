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
 *   it, away from places already visited; then look again. A candidate in view while turning (any detection, even
 *   one too weak to commit to) stops the turn: the robot faces it, so that the next frames see it steadily and the
 *   commit (or not) comes before the turn has carried it out of view (at most `holdsPerTurn` times per turn, for at
 *   least `holdSeconds`: the network misses a far object in a frame now and then).
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
import { wrapAngle } from '@navstack/math';
import type { sensor_msgs } from '@navstack/msgs';
import type { TargetEstimate } from './decision.ts';
import type { Pose2D } from './pose.ts';
import type { ModelCard } from './card.ts';
import { CoverageGrid, type SearchTarget } from './CoverageGrid.ts';
import type { Relation } from './instruction.ts';
import { RelationResolver } from './RelationResolver.ts';

export type Mode = 'idle' | 'search-rotate' | 'search-explore' | 'target' | 'done' | 'not-found';

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
  /** Seconds of searching (nothing committed) after which the target is declared not found; 0 = no limit. */
  searchBudget: number;
  /**
   * Passes over the reachable space before 'not found': the network misses a small or half-hidden object now and
   * then, so once everything has been looked at, everything is looked at once more (the map is kept).
   */
  searchPasses: number;
  /** Search: how often one turn of the look-around stops to face a candidate in view (0 = never). */
  holdsPerTurn: number;
  /** Search: seconds a stop to face a candidate lasts at least. */
  holdSeconds: number;
}

export const DEFAULT_BEHAVIOUR: BehaviourOptions = { standoff: 0.75, updateDistance: 0.3, confirmFrames: 2, exploreDistance: 3, stepTimeout: 12, enableSearch: true, commitConfidence: 0.5, verifyFrames: 0, approachRejectFrames: 0, approachCheckRange: 2.5, hfov: 1.047, lookRange: 3.5, searchBudget: 0, searchPasses: 2, holdsPerTurn: 3, holdSeconds: 0.8 };

/** The behaviour settings a model card carries (stand-off and checks tuned for that model). */
export function behaviourFromCard(card: ModelCard): Partial<BehaviourOptions> {
  const d = card.decision;
  return { standoff: d.standoff, verifyFrames: d.verifyFrames ?? 0, approachRejectFrames: d.approachRejectFrames ?? 0, hfov: card.preprocess.hfov };
}

/**
 * Frames the close-up check may wait at one arrival (12 scans of a 10 Hz lidar take 6 frames at 5 Hz; on a robot
 * whose odometry never keeps still the scans are never combined, and the check then judges on one).
 */
const MAX_VERIFY_WAITS = 10;

export interface UpdateExtras {
  /** The network's estimate for the reference object of a relation ("next to the blue box"). */
  reference?: TargetEstimate;
  /**
   * The close-up check at arrival (closeUpCheck.ts): 'no' when colour or shape clearly contradict the instruction;
   * 'wait' when it needs a moment longer (a noisy lidar's scans being combined) and `mayWait`, which counts for
   * nothing; after MAX_VERIFY_WAITS of them it is asked to judge on what it has.
   */
  closeUp?: (mayWait: boolean) => 'yes' | 'no' | 'unknown' | 'wait';
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
  /** Times the current turn stopped to face a candidate. */
  #holds = 0;
  #holdUntil = 0;
  #stepStart = 0;
  #visited: { x: number; y: number }[] = [];
  #rejected: { x: number; y: number }[] = [];
  readonly grid: CoverageGrid;
  #step: SearchTarget | undefined;
  #started: number | undefined;
  #searchSeconds = 0;
  #lastTime: number | undefined;
  #relation = new RelationResolver(undefined);

  #lookedAt: { x: number; y: number }[] = [];
  /** The pass over the reachable space (1, then 2 for the second look; see searchPasses). */
  pass = 1;
  /** Why the search ended ('not-found'): the space was covered, or the budget ran out. */
  endReason: 'covered' | 'budget' | undefined;
  #verifyYes = 0;
  #verifyNo = 0;
  #verifyUnclear = 0;
  #verifyWaits = 0;
  #approachNo = 0;

  constructor(options: Partial<BehaviourOptions> = {}) {
    this.options = { ...DEFAULT_BEHAVIOUR, ...options };
    this.grid = new CoverageGrid({ lookRange: this.options.lookRange, hfov: this.options.hfov });
  }

  /** Seconds spent searching (nothing committed) since the instruction. */
  get searchSeconds(): number {
    return this.#searchSeconds;
  }

  /** The instruction's relation (after reset()); 'left', 'nearest' are from the pose of the next update. */
  setRelation(relation: Relation | undefined): void {
    this.#relation = new RelationResolver(relation);
  }

  get relation(): RelationResolver {
    return this.#relation;
  }

  /** Whether a target object is committed (being approached or checked). */
  get committed(): boolean {
    return this.#committed;
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
    this.#rotateSteps = this.#holds = this.#holdUntil = 0;
    this.#visited = [];
    this.#rejected = [];
    this.grid.clear();
    this.#step = undefined;
    this.#started = this.#lastTime = undefined;
    this.#searchSeconds = 0;
    this.endReason = undefined;
    this.#lookedAt = [];
    this.pass = 1;
    this.#relation = new RelationResolver(undefined);
    this.#resetChecks();
  }

  /** The arrival and approach checks start again (a new goal, a rejection, a reset). */
  #resetChecks(): void {
    this.#verifyYes = this.#verifyNo = this.#verifyUnclear = this.#verifyWaits = this.#approachNo = 0;
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
    this.#resetChecks();
    this.mode = 'idle';
    return this.#search(pose, scan, time);
  }

  /**
   * One decision. `arrived`: the navigation stack reports the last goal reached (the navigator's goal
   * status, or the evaluation's executor).
   */
  update(pose: Pose2D, est: TargetEstimate, scan: sensor_msgs.LaserScan | undefined, time: number, arrived = false, extra: UpdateExtras = {}): Decision {
    const o = this.options;
    const reference = extra.reference;
    this.#relation.origin ??= { ...pose };
    if (reference?.inView && reference.confidence >= o.commitConfidence) {
      const p = this.#place(pose, reference, scan);
      this.#relation.seenReference(p.ox + 0.2 * Math.cos(p.a), p.oy + 0.2 * Math.sin(p.a));
    }
    if (this.#visited.length === 0 || Math.hypot(this.#visited[this.#visited.length - 1].x - pose.x, this.#visited[this.#visited.length - 1].y - pose.y) > 0.5) this.#visited.push({ x: pose.x, y: pose.y });
    if (this.mode === 'done' || this.mode === 'not-found') return { mode: this.mode };
    if (this.#lastTime !== undefined && !this.#committed) this.#searchSeconds += Math.max(0, time - this.#lastTime);
    this.#lastTime = time;
    if (scan) this.grid.observe(pose, scan);
    if (!this.#committed && o.searchBudget > 0 && this.#searchSeconds >= o.searchBudget) return this.#notFound('budget');
    if (this.#committed && arrived) {
      if (o.verifyFrames === 0) {
        this.mode = 'done';
        return { mode: 'done' };
      }
      // the network sees it ahead, and the colour and shape measured close up agree with the instruction; an unclear
      // close-up look neither confirms nor rejects, but three checks' worth of them reject
      const look = extra.closeUp?.(this.#verifyWaits < MAX_VERIFY_WAITS) ?? 'yes';
      if (look === 'wait') {
        this.#verifyWaits++;
        return { mode: this.mode };
      }
      if (look === 'no' || !seesAt(est, 0, 0.6)) this.#verifyNo++;
      else if (look === 'yes') this.#verifyYes++;
      else if (++this.#verifyUnclear >= 3 * o.verifyFrames) return this.#reject(pose, scan, time);
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
    let worthFacing = false;
    if (est.inView) {
      const { a, gx, gy, ox, oy } = this.#place(pose, est, scan);
      const rejected = this.#rejected.some((r) => Math.hypot(r.x - ox, r.y - oy) < 0.8);
      const strong = est.confidence >= o.commitConfidence || this.#committed;
      // relations are about the object, not the face the lidar sees: its centre is about 0.2 m further
      const cx = ox + 0.2 * Math.cos(a), cy = oy + 0.2 * Math.sin(a);
      if (!rejected && strong) this.#relation.seen(cx, cy);
      // the relation picks among matches; once committed, the committed object stays the one
      const meant = (this.#committed && this.#near(this.#object(), ox, oy, 1.0)) || this.#relation.accepts(cx, cy, this.grid);
      worthFacing = !rejected && meant;
      if (!rejected && strong && meant) {
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
          this.#resetChecks();
          return { mode: this.mode, goal };
        }
        return { mode: this.mode };
      }
    } else this.#candidate = undefined;
    if (this.#committed || !o.enableSearch) return { mode: this.mode };
    if (worthFacing && this.mode === 'search-rotate') {
      const hold = this.#hold(pose, est, time);
      if (hold) return hold;
    }
    return this.#search(pose, scan, time);
  }

  /** Turning, a candidate (not rejected, the relation's) in view off-centre: face it instead, not too often. */
  #hold(pose: Pose2D, est: TargetEstimate, time: number): Decision | undefined {
    if (!this.#goal || this.#holds >= this.options.holdsPerTurn || Math.abs(est.bearing) <= 0.1) return undefined;
    this.#holds++;
    this.#stepStart = time;
    this.#holdUntil = time + this.options.holdSeconds;
    this.#goal = { x: this.#goal.x, y: this.#goal.y, yaw: wrapAngle(pose.yaw + est.bearing) };
    return { mode: this.mode, goal: this.#goal };
  }

  /** Where a detection is: the object (lidar range at its bearing when there is a return) and the goal before it. */
  #place(pose: Pose2D, est: TargetEstimate, scan: sensor_msgs.LaserScan | undefined) {
    const a = pose.yaw + est.bearing;
    let range = est.range;
    if (scan) {
      const lr = rangeAlong(scan, est.bearing, 0.035);
      if (lr < scan.range_max - 0.01) range = lr;
    }
    const d = Math.max(0, range - this.options.standoff);
    return { a, gx: pose.x + d * Math.cos(a), gy: pose.y + d * Math.sin(a), ox: pose.x + range * Math.cos(a), oy: pose.y + range * Math.sin(a) };
  }

  #near(p: { x: number; y: number }, x: number, y: number, d: number): boolean {
    return Math.hypot(p.x - x, p.y - y) < d;
  }

  #notFound(reason: 'covered' | 'budget'): Decision {
    this.mode = 'not-found';
    this.endReason = reason;
    this.#goal = undefined;
    return { mode: this.mode };
  }

  #search(pose: Pose2D, scan: sensor_msgs.LaserScan | undefined, time: number): Decision {
    const o = this.options;
    const g = this.#goal;
    if (this.mode === 'search-rotate' && g) {
      const reached = (Math.abs(wrapAngle(pose.yaw - g.yaw)) < 0.25 && time >= this.#holdUntil) || time - this.#stepStart > o.stepTimeout;
      if (!reached) return { mode: this.mode };
    } else if (this.mode === 'search-explore' && g) {
      const far = this.#step?.distance ?? 0;
      const reached = (Math.hypot(pose.x - g.x, pose.y - g.y) < 0.4 && Math.abs(wrapAngle(pose.yaw - g.yaw)) < 0.4) || time - this.#stepStart > o.stepTimeout + 4 * far;
      if (!reached) return { mode: this.mode };
      if (this.#step) this.grid.abandon(this.#step);
      this.#step = undefined;
      this.#rotateSteps = 0;
    } else this.#rotateSteps = 0;
    // Look at what the lidar has found and the camera has not looked at yet, nearest sectors first.
    const sector = this.#unviewedSector(pose, o.lookRange);
    if (sector && this.#rotateSteps < 6) return this.#rotate(pose, time, sector.bearing);
    if (this.#rotateSteps < 3 && this.grid.unviewedCount === 0) return this.#rotate(pose, time, pose.yaw + (2 * Math.PI) / 3);
    void scan;
    return this.#explore(pose, time);
  }

  #rotate(pose: Pose2D, time: number, yaw: number): Decision {
    this.#rotateSteps++;
    this.#holds = 0;
    this.mode = 'search-rotate';
    this.#stepStart = time;
    this.#goal = { x: pose.x, y: pose.y, yaw: wrapAngle(yaw) };
    return { mode: this.mode, goal: this.#goal };
  }

  /** Go where unlooked-at surfaces can be seen from, else to the nearest frontier; nothing left: not found. */
  #explore(pose: Pose2D, time: number): Decision {
    const t = this.grid.nextTarget(pose);
    if (!t && this.pass < this.options.searchPasses && !(this.#relation.relation?.kind === 'extreme' && this.#relation.extreme(1))) {
      this.pass++;
      this.grid.resetViews();
      this.#rotateSteps = 0;
      return this.#rotate(pose, time, pose.yaw + (2 * Math.PI) / 3);
    }
    // 'nearest': choose after looking around; 'farthest': once the search has covered everything it can
    const rel = this.#relation;
    if (rel.relation?.kind === 'extreme') {
      if (rel.chosen && (this.#lookedAt.some((r) => this.#near(r, rel.chosen!.x, rel.chosen!.y, 0.8)) || this.#rejected.some((r) => this.#near(r, rel.chosen!.x, rel.chosen!.y, 0.8)))) rel.exclude();
      if (!rel.chosen && (rel.relation.which === 'nearest' || !t)) rel.chosen = rel.extreme(t ? 2 : 1);
    }
    const pick = rel.chosen;
    if (pick && !this.#lookedAt.some((r) => this.#near(r, pick.x, pick.y, 0.8))) {
      // go and look at the chosen one from about a metre (or just turn to it when that close already)
      this.#lookedAt.push({ x: pick.x, y: pick.y }); // once; the search goes on if it is not confirmed there
      const d = Math.hypot(pick.x - pose.x, pick.y - pose.y);
      const yaw = Math.atan2(pick.y - pose.y, pick.x - pose.x);
      const k = d > this.options.standoff + 1.2 ? (d - this.options.standoff - 1.0) / d : 0;
      this.mode = 'search-explore';
      this.#stepStart = time;
      this.#step = { x: pose.x + k * (pick.x - pose.x), y: pose.y + k * (pick.y - pose.y), yaw, kind: 'surfaces', distance: d, cells: [] };
      this.#goal = { x: this.#step.x, y: this.#step.y, yaw };
      return { mode: this.mode, goal: this.#goal };
    }
    if (!t) return this.#notFound('covered');
    this.mode = 'search-explore';
    this.#stepStart = time;
    this.#rotateSteps = 0;
    this.#step = t;
    this.#goal = { x: t.x, y: t.y, yaw: wrapAngle(t.yaw) };
    return { mode: this.mode, goal: this.#goal };
  }

  /** The 30-degree sector (outside the current view) with the most unlooked-at returns in sight within `range`, if any has a few. */
  #unviewedSector(pose: Pose2D, range: number): { bearing: number; count: number } | undefined {
    const counts = new Array<number>(12).fill(0);
    for (const c of this.grid.unviewed()) {
      const d = Math.hypot(c.x - pose.x, c.y - pose.y);
      if (d > range || !this.grid.inSight(pose, c, d)) continue; // turning to face a wall's far side shows nothing
      const b = Math.atan2(c.y - pose.y, c.x - pose.x);
      counts[Math.floor(((b + Math.PI) / (2 * Math.PI)) * 12) % 12]++;
    }
    let best = -1;
    for (let i = 0; i < 12; i++) if (counts[i] >= 3 && (best < 0 || counts[i] > counts[best])) best = i;
    return best < 0 ? undefined : { bearing: -Math.PI + ((best + 0.5) * 2 * Math.PI) / 12, count: counts[best] };
  }
}

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
