/**
 * Goal sources compared by evaluation. Each sees what the robot sees (scan, image, instruction, odometry)
 * except the ground-truth oracle, and turns it into goals through the same GoalBehaviour.
 */
import type { sensor_msgs } from '@navstack/msgs';
import { COLOR_WORDS } from '@navstack/sim';
import { Rng } from '@navstack/math';
import { estimateTarget, type TargetEstimate, GoalBehaviour, behaviourFromCard, type BehaviourOptions, type Decision, PolicyRunner, OnnxPolicy, DEFAULT_PREPROCESS, columnBearing, downsampleImage, rangeAt, type PreprocessConfig, splitWords } from '@navstack/policy';
import type { Pose2D, Task } from '../world/types.ts';

export interface Agent {
  readonly name: string;
  /**
   * Called on every camera frame (paired with a scan) with `arrived` (the navigator reported the last goal
   * reached); returns a goal to send (or none) and the inference time (ms) if any. Mode 'done' ends the episode.
   */
  decide(pose: Pose2D, scan: sensor_msgs.LaserScan, image: sensor_msgs.Image, time: number, arrived: boolean): Promise<Decision & { inferMs?: number }>;
  readonly behaviour?: GoalBehaviour;
  close(): Promise<void>;
}

export class PolicyAgent implements Agent {
  readonly name: string;
  readonly behaviour: GoalBehaviour;
  readonly #runner: PolicyRunner;
  readonly #behaviourScan: boolean;

  private constructor(name: string, runner: PolicyRunner, instruction: string, behaviour: Partial<BehaviourOptions>, behaviourScan: boolean) {
    this.name = name;
    this.#runner = runner;
    this.#behaviourScan = behaviourScan;
    runner.setInstruction(instruction);
    this.behaviour = new GoalBehaviour({ ...behaviourFromCard(runner.policy.card), ...behaviour });
  }

  /** `behaviourScan` false: the behaviour gets no scan (the whole-policy lidar ablation; the network's own input follows its card). */
  static async create(name: string, modelPath: string, task: Task, behaviour: Partial<BehaviourOptions> = {}, options: { behaviourScan?: boolean } = {}): Promise<PolicyAgent> {
    return new PolicyAgent(name, new PolicyRunner(await OnnxPolicy.load(modelPath)), task.instruction, behaviour, options.behaviourScan ?? true);
  }

  async decide(pose: Pose2D, scan: sensor_msgs.LaserScan, image: sensor_msgs.Image, time: number, arrived: boolean) {
    const r = await this.#runner.run(scan, image);
    return { ...this.behaviour.update(pose, r.estimate, this.#behaviourScan ? scan : undefined, time, arrived), inferMs: r.inferMs };
  }

  async close() {
    await this.#runner.policy.release();
  }
}

/** Oracle: the goal from the simulator's ground truth, sent once. */
export class GroundTruthAgent implements Agent {
  readonly name = 'ground-truth goal';
  #sent = false;
  readonly #task: Task;
  constructor(task: Task, readonly standoff = 0.55) {
    this.#task = task;
  }
  async decide(pose: Pose2D, _scan: sensor_msgs.LaserScan, _image: sensor_msgs.Image, _time: number, arrived: boolean) {
    if (this.#sent) return { mode: arrived ? ('done' as const) : ('target' as const) };
    this.#sent = true;
    const t = this.#task.target;
    const a = Math.atan2(t.y - pose.y, t.x - pose.x);
    const d = t.radius + this.standoff;
    return { mode: 'target' as const, goal: { x: t.x - d * Math.cos(a), y: t.y - d * Math.sin(a), yaw: a } };
  }
  async close() {}
}

const COLOR_NAMES = Object.keys(COLOR_WORDS);

/** Column runs of pixels close to a colour (normalised chromaticity + brightness), largest first. */
export function colourBlobs(c: PreprocessConfig, small: Float32Array, rgb: [number, number, number]): { from: number; to: number; score: number }[] {
  const n = (v: [number, number, number]) => {
    const s = v[0] + v[1] + v[2] + 1e-6;
    return [v[0] / s, v[1] / s, v[2] / s];
  };
  const want = n(rgb);
  const colScore = new Float32Array(c.cols);
  for (let k = 0; k < c.cols; k++) {
    let hits = 0;
    for (let r = 0; r < c.rows; r++) {
      const o = (r * c.cols + k) * 3;
      const px: [number, number, number] = [small[o], small[o + 1], small[o + 2]];
      const sum = px[0] + px[1] + px[2];
      if (sum < 0.15) continue;
      const q = n(px);
      const d = Math.hypot(q[0] - want[0], q[1] - want[1], q[2] - want[2]);
      if (d < 0.12) hits++;
    }
    colScore[k] = hits;
  }
  const blobs: { from: number; to: number; score: number }[] = [];
  for (let k = 0; k < c.cols; k++) {
    if (colScore[k] < 2) continue;
    let e = k, s = 0;
    while (e < c.cols && colScore[e] >= 2) s += colScore[e++];
    blobs.push({ from: k, to: e - 1, score: s });
    k = e;
  }
  return blobs.sort((a, b) => b.score - a.score);
}

/** Hand-built pipeline: keyword matching (colour word) + colour segmentation + lidar ranging. */
export class ClassicalAgent implements Agent {
  readonly name = 'classical (colour + keywords + lidar)';
  readonly behaviour = new GoalBehaviour();
  readonly #c: PreprocessConfig;
  readonly #rgb: [number, number, number] | undefined;
  readonly #small: Float32Array;
  constructor(task: Task, hfov: number) {
    this.#c = { ...DEFAULT_PREPROCESS, hfov };
    const word = splitWords(task.instruction).find((w) => COLOR_NAMES.includes(w));
    this.#rgb = word ? COLOR_WORDS[word] : undefined;
    this.#small = new Float32Array(this.#c.rows * this.#c.cols * 3);
  }
  async decide(pose: Pose2D, scan: sensor_msgs.LaserScan, image: sensor_msgs.Image, time: number, arrived: boolean) {
    const t0 = performance.now();
    const est = this.#estimate(scan, image);
    return { ...this.behaviour.update(pose, est, scan, time, arrived), inferMs: performance.now() - t0 };
  }
  #estimate(scan: sensor_msgs.LaserScan, image: sensor_msgs.Image): TargetEstimate {
    const none: TargetEstimate = { inView: false, confidence: 1, pNotInView: 1, column: 0, bearing: 0, range: 0, meanBearing: 0 };
    if (!this.#rgb) return none;
    downsampleImage(this.#c, image, this.#small);
    const blobs = colourBlobs(this.#c, this.#small, this.#rgb);
    if (!blobs.length) return none;
    const b = blobs[0];
    const col = (b.from + b.to) / 2;
    const bearing = columnBearing(this.#c, col);
    return { inView: true, confidence: 1, pNotInView: 0, column: Math.round(col), bearing, range: rangeAt(scan, bearing, this.#c.rangeMax), meanBearing: bearing };
  }
  async close() {}
}

/** Random search: explores, and drives to whichever coloured landmark it happens to see first (ignores the instruction). */
export class RandomSearchAgent implements Agent {
  readonly name = 'random search';
  readonly behaviour = new GoalBehaviour();
  readonly #c: PreprocessConfig;
  readonly #small: Float32Array;
  readonly #colour: [number, number, number];
  constructor(task: Task, hfov: number, seed: number) {
    this.#c = { ...DEFAULT_PREPROCESS, hfov };
    this.#small = new Float32Array(this.#c.rows * this.#c.cols * 3);
    const palette = [...new Set(task.objects.map((o) => o.color))];
    this.#colour = COLOR_WORDS[new Rng(seed).pick(palette)] ?? [1, 0, 0];
  }
  async decide(pose: Pose2D, scan: sensor_msgs.LaserScan, image: sensor_msgs.Image, time: number, arrived: boolean) {
    downsampleImage(this.#c, image, this.#small);
    const blobs = colourBlobs(this.#c, this.#small, this.#colour);
    let est: TargetEstimate = { inView: false, confidence: 1, pNotInView: 1, column: 0, bearing: 0, range: 0, meanBearing: 0 };
    if (blobs.length) {
      const col = (blobs[0].from + blobs[0].to) / 2;
      const bearing = columnBearing(this.#c, col);
      est = { inView: true, confidence: 1, pNotInView: 0, column: Math.round(col), bearing, range: rangeAt(scan, bearing, this.#c.rangeMax), meanBearing: bearing };
    }
    return this.behaviour.update(pose, est, scan, time, arrived);
  }
  async close() {}
}

export { estimateTarget };
