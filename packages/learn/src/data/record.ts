/**
 * `navstack record`: expert demonstrations in seeded procedural tasks, written as ros2-profile MCAP bags
 * (one per episode) plus a dataset card. The expert knows the world (ground truth): it turns toward the
 * target until it is in view, then plans on the true map and drives to it.
 */
import { INSCRIBED_INFLATED_OBSTACLE, PlannerError, RegulatedPurePursuit, SmoothAStarPlanner, inflatedCost } from '@navstack/nav';
import { quaternionFromYaw } from '@navstack/math';
import { DEFAULT_PREPROCESS } from '@navstack/policy';
import { wrapAngle } from '@navstack/math';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { geometry_msgs, nav_msgs } from '@navstack/msgs';
import { BagWriter } from '@navstack/bag';
import { distanceToObject, type Simulator } from '@navstack/sim';
import { Rng } from '@navstack/math';
import { TEMPLATES, generateTask } from '../world/scenario.ts';
import { handbuiltTask } from '../world/suites.ts';
import { closestApproach, referenceMap, type ReferenceMap } from '../world/reference.ts';
import { columnLabels } from '../world/labels.ts';
import { createSimulator, simCamera } from '../world/simFactory.ts';
import type { Pose2D, Split, Task, Twist2D, WorldObject } from '../world/types.ts';

export const RecordOptionsSchema = z.object({
  /** Output directory (created). */
  out: z.string().min(1),
  episodes: z.number().int().positive().default(40),
  /** First world index; episode i uses world index seed + i of the split. */
  seed: z.number().int().nonnegative().default(0),
  split: z.enum(['train', 'heldout']).default('train'),
  /** Hand-built worlds (names in worlds/) instead of generated ones: landmarks round robin, training sentence forms. */
  worlds: z.array(z.string().min(1)).optional(),
  /** Sensor frames recorded per second of sim time. */
  rateHz: z.number().positive().default(4),
  maxSeconds: z.number().positive().default(45),
  /**
   * Fraction of episodes in which the expert first drives to up to two landmarks sharing the target's
   * colour or shape and faces each for 3 s: close-up views of look-alikes (hard negatives). When > 0,
   * every episode also ends facing the target for 3 s (close-up positives to balance them).
   */
  inspectDistractors: z.number().min(0).max(1).default(0),
  /** Generated landmarks in varied shades and sizes (generateScenario's landmarkVariety). */
  landmarkVariety: z.boolean().default(false),
  /** Print progress to stderr. */
  progress: z.boolean().default(false),
});
export type RecordOptions = z.input<typeof RecordOptionsSchema>;

export const TOPICS = {
  scan: '/scan',
  image: '/camera/image_raw',
  instruction: '/instruction',
  odom: '/odom',
  expertCmd: '/expert/cmd_vel',
  expertLabel: '/expert/label',
} as const;

export const TASK_METADATA = 'navstack.task';

/** Where the expert stops near an object: this far from its boundary (m). */
export const APPROACH = 0.35;
const CLEARANCE = 0.1;

export interface DatasetCard {
  kind: 'navstack-dataset';
  version: 1;
  split: Split;
  seeds: { first: number; count: number; worldSeeds: number[] };
  generator: string;
  counts: { episodes: number; frames: number; framesTargetVisible: number; messages: number; expertSuccesses: number };
  files: { file: string; world: string; frames: number; sha256: string }[];
  contentHash: string;
  created: string;
}

export function odometry(pose: Pose2D, cmd: Twist2D, stamp: { sec: number; nanosec: number }): nav_msgs.Odometry {
  const cov = new Float64Array(36);
  return {
    header: { stamp, frame_id: 'odom' },
    child_frame_id: 'base_link',
    pose: { pose: { position: { x: pose.x, y: pose.y, z: 0 }, orientation: quaternionFromYaw(pose.yaw) }, covariance: cov },
    twist: { twist: { linear: { x: cmd.linear, y: 0, z: 0 }, angular: { x: 0, y: 0, z: cmd.angular } }, covariance: cov },
  } as nav_msgs.Odometry;
}

/**
 * Expert: for each object to visit (distractors first when asked, the target last), turn toward it until
 * it is ahead, then drive with nav's planner and controller (SmoothAStarPlanner, RegulatedPurePursuit) on the
 * true map to the nearest place `APPROACH` m from its boundary, facing it; on arrival face the object for
 * `inspectSeconds` (close-up views: of look-alikes, labelled as not the target, and of the target) before moving on.
 */
export class Expert {
  readonly #ref: ReferenceMap;
  readonly #planner: SmoothAStarPlanner;
  readonly #controller: RegulatedPurePursuit;
  readonly #dt: number;
  readonly #queue: WorldObject[];
  readonly #target: WorldObject;
  #goal: Pose2D | undefined;
  #planned = false;
  #lastPlan = -Infinity;
  #phase: 'turn' | 'drive' | 'inspect' = 'turn';
  #phaseStart = 0;
  done = false;

  constructor(task: Task, sim: Simulator, distractors: WorldObject[] = [], readonly inspectSeconds = 0) {
    this.#target = task.target;
    this.#queue = [...distractors, task.target];
    this.#ref = referenceMap(sim);
    // like the navigator's planner_clearance_margin: keep CLEARANCE beyond the robot's radius so the controller's arcs fit
    const r = sim.robot.radius, cm = this.#ref.cm;
    this.#planner = new SmoothAStarPlanner({ costWeight: 1, blockedCost: Math.min(INSCRIBED_INFLATED_OBSTACLE, inflatedCost(r + CLEARANCE, r, cm.inflationRadius, cm.costScalingFactor) + 1) });
    this.#controller = new RegulatedPurePursuit({ robotRadius: sim.robot.radius });
    this.#dt = sim.dt;
  }

  /** `visible` and `bearing` are the target's labels (the turn toward the target waits until the camera sees it). */
  act(pose: Pose2D, time: number, visible: boolean, bearing: number): Twist2D {
    const o = this.#queue[0];
    const isTarget = o === this.#target;
    const rel = isTarget ? bearing : wrapAngle(Math.atan2(o.y - pose.y, o.x - pose.x) - pose.yaw);
    const next = (phase: 'turn' | 'drive' | 'inspect') => {
      this.#phase = phase;
      this.#phaseStart = time;
      this.#goal = undefined;
      this.#planned = false;
    };
    if (this.#phase === 'turn') {
      const ahead = isTarget ? visible && Math.abs(bearing) < 0.3 : Math.abs(rel) < 0.3;
      if (ahead || time - this.#phaseStart > 7.5) next('drive');
      else return { linear: 0, angular: Math.sign(rel || 1) * 0.9 };
    }
    if (this.#phase === 'inspect') {
      if (time - this.#phaseStart > this.inspectSeconds) {
        if (isTarget) {
          this.done = true;
          return { linear: 0, angular: 0 };
        }
        this.#queue.shift();
        next('turn');
        return { linear: 0, angular: 0 };
      }
      return { linear: 0, angular: Math.max(-0.9, Math.min(0.9, 2 * rel)) };
    }
    if (time - this.#lastPlan > 2 || !this.#planned) {
      this.#lastPlan = time;
      this.#goal ??= closestApproach(this.#ref, pose, o, APPROACH)?.pose;
      this.#planned = this.#goal !== undefined && this.#plan(pose, this.#goal);
    }
    if (!this.#planned) return { linear: 0, angular: 0.5 };
    const r = this.#controller.computeVelocityCommands(pose, this.#ref.cm, this.#dt);
    if (r.state === 'goal_reached') {
      if (isTarget && this.inspectSeconds === 0) this.done = true;
      else next('inspect');
      return { linear: 0, angular: 0 };
    }
    return r.cmd;
  }

  #plan(pose: Pose2D, goal: Pose2D): boolean {
    try {
      const first = !this.#planned;
      this.#controller.setPlan(this.#planner.createPlan(this.#ref.cm, pose, goal));
      if (first) {
        this.#controller.newGoal();
        this.#controller.reset();
      }
      return true;
    } catch (e) {
      if (e instanceof PlannerError) return false;
      throw e;
    }
  }
}

/** Up to `max` landmarks sharing the target's colour or shape, nearest to the start first. */
export function confusableDistractors(task: Task, max: number): WorldObject[] {
  const t = task.target;
  return task.objects
    .filter((o) => o !== t && o.name !== t.name && (o.color === t.color || o.shape === t.shape))
    .sort((a, b) => Math.hypot(a.x - task.start.x, a.y - task.start.y) - Math.hypot(b.x - task.start.x, b.y - task.start.y))
    .slice(0, max);
}

async function sha256File(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

export async function record(options: RecordOptions): Promise<DatasetCard> {
  const o = RecordOptionsSchema.parse(options);
  await mkdir(o.out, { recursive: true });
  const files: DatasetCard['files'] = [];
  let frames = 0, visibleFrames = 0, messages = 0, successes = 0;
  const worldSeeds: number[] = [];
  const cam = simCamera();
  const labelCfg = { ...DEFAULT_PREPROCESS, hfov: cam.hfov };
  for (let i = 0; i < o.episodes; i++) {
    const task = o.worlds ? handbuiltTask(o.worlds, TEMPLATES.train, o.seed + i, o.split) : generateTask(o.split, o.seed + i, { landmarkVariety: o.landmarkVariety });
    worldSeeds.push(task.seed);
    const sim = createSimulator(task, task.seed);
    const inspect = new Rng(task.seed ^ 0x51ed).next() < o.inspectDistractors;
    const expert = new Expert(task, sim, inspect ? confusableDistractors(task, 2) : [], o.inspectDistractors > 0 ? 3 : 0);
    const file = `episode_${String(o.seed + i).padStart(5, '0')}.mcap`;
    const bag = await BagWriter.create(join(o.out, file));
    await bag.metadata(TASK_METADATA, { task: JSON.stringify(task), split: o.split, camera_offset: String(cam.offset) });
    await bag.write(TOPICS.instruction, 'std_msgs/msg/String', { data: task.instruction }, 0n);
    const period = 1 / o.rateHz;
    let nextFrame = 0;
    let epFrames = 0;
    let cmd: Twist2D = { linear: 0, angular: 0 };
    let scan = sim.scan();
    while (sim.time < o.maxSeconds && !expert.done) {
      const pose = sim.pose();
      const frame = sim.time + 1e-9 >= nextFrame;
      if (frame) scan = sim.scan();
      const lab = columnLabels(labelCfg, task.target, pose, scan, cam.offset);
      cmd = expert.act(pose, sim.time, lab.visible, lab.bearing);
      if (frame) {
        nextFrame += period;
        const ns = BigInt(Math.round(sim.time * 1e9));
        const image = sim.cameraImage();
        await bag.write(TOPICS.scan, 'sensor_msgs/msg/LaserScan', scan, ns);
        await bag.write(TOPICS.image, 'sensor_msgs/msg/Image', image, ns);
        await bag.write(TOPICS.odom, 'nav_msgs/msg/Odometry', odometry(pose, cmd, image.header.stamp), ns);
        await bag.write(TOPICS.expertCmd, 'geometry_msgs/msg/Twist', { linear: { x: cmd.linear, y: 0, z: 0 }, angular: { x: 0, y: 0, z: cmd.angular } } as geometry_msgs.Twist, ns);
        await bag.write(TOPICS.expertLabel, 'std_msgs/msg/String', { data: JSON.stringify({ target: task.target.name, visible: lab.visible, bearing: lab.bearing, distance: lab.distance }) }, ns);
        epFrames++;
        if (lab.visible) visibleFrames++;
      }
      sim.step(cmd);
    }
    const endPose = sim.pose();
    if (distanceToObject(task.target, endPose.x, endPose.y) <= 1.0) successes++;
    messages += bag.messageCount;
    await bag.close();
    frames += epFrames;
    files.push({ file, world: task.worldName, frames: epFrames, sha256: await sha256File(join(o.out, file)) });
    if (o.progress) process.stderr.write(`\rrecord: ${i + 1}/${o.episodes} episodes, ${frames} frames`);
  }
  if (o.progress) process.stderr.write('\n');
  const contentHash = createHash('sha256').update(files.map((f) => f.sha256).join('\n')).digest('hex');
  const card: DatasetCard = {
    kind: 'navstack-dataset',
    version: 1,
    split: o.split,
    seeds: { first: o.seed, count: o.episodes, worldSeeds },
    generator: `navstack-learn record${o.worlds ? ` (hand-built worlds: ${o.worlds.join(', ')})` : ''} (expert: ground-truth look-around + nav's SmoothAStarPlanner and RegulatedPurePursuit on the true map${o.inspectDistractors > 0 ? `, inspecting look-alike distractors first in ${o.inspectDistractors * 100}% of episodes` : ''}; @navstack/sim Simulator, generateScenario)`,
    counts: { episodes: o.episodes, frames, framesTargetVisible: visibleFrames, messages, expertSuccesses: successes },
    files,
    contentHash,
    created: new Date().toISOString(),
  };
  await writeFile(join(o.out, 'dataset_card.json'), JSON.stringify(card, null, 2) + '\n');
  return card;
}
