/**
 * policy_node: camera + lidar + instruction -> goal_pose, with status on diagnostics. Parameters: POLICY_SCHEMA.
 * Setting model_path (or calling the ~/reload_model Trigger service) hot-reloads the model; a model that
 * fails to load or does not match its card is refused and the running one keeps serving.
 */
import { quantile, quaternionFromYaw } from '@navstack/math';
import { fileURLToPath } from 'node:url';
import { action_msgs, timeToSeconds } from '@navstack/msgs';
import type { diagnostic_msgs, geometry_msgs, nav_msgs, sensor_msgs } from '@navstack/msgs';
import { param, ParamSchema, type Executable, type Node, type ParamValues, type RunningNode, type Service, type Subscription, type Timer } from '@navstack/rcl';
import { ApproxTimeSync } from './ApproxTimeSync.ts';
import { poseFromOdom, type Pose2D } from './pose.ts';
import { GoalBehaviour, behaviourFromCard, type Mode } from './GoalBehaviour.ts';
import { wrapAngle } from '@navstack/math';
import { OnnxPolicy } from './OnnxPolicy.ts';
import { PolicyRunner, type RunResult } from './PolicyRunner.ts';
import { attributePhrase, parseInstruction, type ParsedInstruction } from './instruction.ts';
import { BUNDLED_SENSORS, checkImage, checkScan } from './SensorCheck.ts';
import { TaskTracker } from './TaskTracker.ts';
import { SHARP_SCAN_NOISE, closeUpCheck, closeUpVerdict, scanNoise } from './closeUpCheck.ts';
import { StillScans } from './StillScans.ts';

export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../../../models/policy.onnx', import.meta.url));

/** Parameters of `policy_node`: types, defaults, ranges, descriptions. */
export const POLICY_SCHEMA = new ParamSchema('policy', {
  model_path: param.string(DEFAULT_MODEL_PATH, 'ONNX policy; its card <name>.card.json must sit beside it. Setting it hot-reloads the model (a bad one is refused, the running one keeps serving)', { dynamic: true }),
  require_model: param.bool(true, 'exit with an error when model_path cannot be loaded at start; false: start without a model and wait for a model_path change or ~/reload_model'),
  shadow_model_path: param.string('', 'candidate model run on the same inputs; disagreement reported on diagnostics, never acted on', { dynamic: true }),
  sync_slop: param.double(0.1, 'approximate-time pairing of scan and image (s)', { min: 0.001, max: 2 }),
  goal_frame: param.string('odom', 'frame of goal_pose when odometry is available (else base_link)'),
  standoff: param.double(-1, "goal stand-off from the target surface (m); -1 = the model card's", { min: -1, max: 5 }),
  min_confidence: param.double(-1, "confidence needed to act on a target; -1 = the model card's", { min: -1, max: 1 }),
  enable_search: param.bool(true, 'look around / explore when the target is not in view'),
  goal_status_topic: param.string('goal_status', "the navigator's action_msgs/GoalStatusArray: a target goal reported succeeded starts the arrival check"),
  search_budget: param.double(300, "seconds of searching (no object being approached) after which the task ends in 'not found'; 0 = until the reachable space has been seen", { min: 0, max: 86_400, dynamic: true }),
  teleop_topic: param.string('cmd_vel_teleop', 'teleoperation commands: a non-zero one hands control to the operator until the next instruction'),
  relations: param.bool(true, "resolve relational words ('by the wall', 'next to the blue box', 'on your left', 'nearest'); false = the ablation that ignores them"),
});

/** Goals closer than this to the last published one (m, rad) are not re-sent. */
const SAME_GOAL_M = 0.15, SAME_GOAL_RAD = 0.2;

const OK = 0, WARN = 1, ERROR = 2;

/** The target probability of each image column (left to right), for viewers: "0.012,0.250,...". */
const columnProbabilities = (probs: Float32Array, cols: number) => Array.from(probs.subarray(0, cols), (p) => p.toFixed(3)).join(',');

const STATUS_NAMES = ['unknown', 'accepted', 'executing', 'canceling', 'succeeded', 'canceled', 'aborted'];

type PolicyParams = ParamValues<typeof POLICY_SCHEMA.specs>;

/** What the node has done so far, for benchmarks and evaluation. */
export interface PolicyNodeStats {
  frames: number;
  goals: number;
  goalsSuppressed: number;
  dropped: number;
  latencyMs: number[];
  stampToGoalMs: number[];
  mode: Mode;
  task: TaskTracker['state'];
  coverage: number;
  model: string;
  shadowDisagreements: number;
  shadowFrames: number;
}

/**
 * Pairs scan and image, runs the active model (and a shadow one) on each pair, and turns the estimate into
 * goals through GoalBehaviour; the task's state goes out on diagnostics.
 */
export class PolicyNode implements RunningNode {
  /** Resolves when the model given by model_path is loaded (or rejects with the reason). */
  readonly ready: Promise<void>;
  readonly #node: Node;
  readonly #p: PolicyParams;
  readonly #pub;
  readonly #sync: ApproxTimeSync<sensor_msgs.LaserScan, sensor_msgs.Image>;
  readonly #subs: Subscription[];
  readonly #heartbeat: Timer;
  readonly #service: Service;
  readonly #task = new TaskTracker();
  #searchBudget: number;
  #behaviour: GoalBehaviour;
  #active: PolicyRunner | undefined;
  #shadow: PolicyRunner | undefined;
  #instruction: string | undefined;
  #parsed: ParsedInstruction | undefined;
  #odomPose: Pose2D | undefined;
  // Arrival: the navigator reports a goal accepted at or after our last goal as succeeded.
  #lastGoalAt = Infinity;
  #arrived = false;
  #navStatus = 'none';
  #lastSent: { msg: geometry_msgs.PoseStamped; goal: Pose2D; at: number } | undefined;
  #lastError = '';
  #sensorWarnings: string[] = [];
  #lastCloseUp = '';
  readonly #stillScans = new StillScans();
  readonly #st = { frames: 0, goals: 0, suppressed: 0, dropped: 0, latencyMs: [] as number[], stampToGoalMs: [] as number[], shadowDisagreements: 0, shadowFrames: 0, lastDisagreement: '' };
  // A frame's inference finishes asynchronously: stop() waits for it, and nothing is published after stop().
  #busy = false;
  #stopped = false;
  #inflight: Promise<void> | undefined;
  #clockResets = 0;

  constructor(node: Node) {
    this.#node = node;
    const p = (this.#p = POLICY_SCHEMA.declare(node));
    this.#searchBudget = p.search_budget;
    this.#behaviour = new GoalBehaviour({ enableSearch: p.enable_search, searchBudget: p.search_budget });
    this.#pub = {
      goal: node.createPublisher('geometry_msgs/msg/PoseStamped', 'goal_pose'),
      cancel: node.createPublisher('std_msgs/msg/Empty', 'goal_cancel'),
      diagnostics: node.createPublisher('diagnostic_msgs/msg/DiagnosticArray', 'diagnostics'),
    };
    this.#sync = new ApproxTimeSync<sensor_msgs.LaserScan, sensor_msgs.Image>({ slop: p.sync_slop }, (scan, image) => this.#onPair(scan, image));
    const envelope = () => this.#active?.policy.card.sensors ?? BUNDLED_SENSORS;
    const teleopTopic = p.teleop_topic;
    this.#subs = [
      node.createSubscription('sensor_msgs/msg/LaserScan', 'scan', { qos: 'sensor_data' }, (m) => {
        this.#checkSensors(checkScan(envelope(), m), 'scan');
        if (this.#odomPose) this.#stillScans.add(m, this.#odomPose);
        this.#sync.addA(m);
      }),
      node.createSubscription('sensor_msgs/msg/Image', 'camera/image_raw', { qos: 'sensor_data' }, (m) => {
        this.#checkSensors(checkImage(envelope(), m), 'image');
        this.#sync.addB(m);
      }),
      node.createSubscription('std_msgs/msg/String', 'instruction', {}, (m) => {
        this.#applyInstruction(m.data);
        this.#publishTask();
      }),
      node.createSubscription('nav_msgs/msg/Odometry', 'odom', {}, (m: nav_msgs.Odometry) => {
        this.#odomPose = poseFromOdom(m);
      }),
      node.createSubscription('action_msgs/msg/GoalStatusArray', p.goal_status_topic, { qos: 'latched' }, (m: action_msgs.GoalStatusArray) => {
        const ours = m.status_list.filter((s) => timeToSeconds(s.goal_info.stamp) >= this.#lastGoalAt - 0.05);
        if (ours.length) this.#navStatus = STATUS_NAMES[ours[ours.length - 1].status] ?? 'unknown';
        if (ours.some((s) => s.status === action_msgs.GoalStatus.STATUS_SUCCEEDED)) this.#arrived = true;
      }),
      node.createSubscription('geometry_msgs/msg/PoseStamped', 'goal_pose', {}, (m: geometry_msgs.PoseStamped) => {
        if (!this.#isOurs(m)) this.#takeOver('a goal from someone else on goal_pose', false);
      }),
      node.createSubscription('geometry_msgs/msg/Twist', teleopTopic, {}, (m: geometry_msgs.Twist) => {
        if (m.linear.x !== 0 || m.linear.y !== 0 || m.angular.z !== 0) this.#takeOver(`teleop on ${teleopTopic}`, true);
      }),
      node.createSubscription('std_msgs/msg/Empty', 'goal_cancel', {}, () => this.#endTask('cancelled on goal_cancel')),
      // The e-stop ends the task, latched or not (as the safety node hears it): after a release the robot must
      // not drive off on an old instruction.
      ...(['latched', { durability: 'volatile', reliability: 'reliable', depth: 10 }] as const).map((qos) =>
        node.createSubscription('std_msgs/msg/Bool', 'estop', { qos }, (m) => {
          if (m.data) this.#endTask('stopped by the e-stop: give a new instruction after releasing it');
        }),
      ),
    ];
    // Between tasks no frames drive the status: say where things stand once a second.
    this.#heartbeat = node.createTimer(1, () => {
      if (!this.#task.active && !this.#stopped) this.#publishTask();
    });
    this.#service = node.createService('std_srvs/srv/Trigger', '~/reload_model', async () => {
      const err = await this.reload();
      return { success: err === undefined, message: err ?? `serving ${this.#active?.policy.path}` };
    });
    node.onParameterChange((ev) => {
      // A refused model puts model_path back to the one still serving, so `ros2 param get` tells the truth.
      if (ev.name === 'model_path' && ev.value !== this.#active?.policy.path) {
        void this.reload(String(ev.value)).then((err) => {
          if (err && this.#active) node.setParameter('model_path', this.#active.policy.path);
        });
      }
      if (ev.name === 'shadow_model_path') void this.#loadShadow(String(ev.value));
      if (ev.name === 'search_budget') {
        this.#searchBudget = Number(ev.value);
        this.#behaviour.options.searchBudget = this.#searchBudget;
      }
    });

    this.ready = (async () => {
      const err = await this.reload(p.model_path);
      if (err) throw new Error(err);
      await this.#loadShadow(p.shadow_model_path);
    })();
    this.ready.catch(() => undefined);
  }

  stats(): PolicyNodeStats {
    const st = this.#st;
    return { frames: st.frames, goals: st.goals, goalsSuppressed: st.suppressed, dropped: st.dropped, latencyMs: st.latencyMs, stampToGoalMs: st.stampToGoalMs, mode: this.#behaviour.mode, task: this.#task.state, coverage: this.#behaviour.grid.coverage(), model: this.#active?.policy.path ?? '', shadowDisagreements: st.shadowDisagreements, shadowFrames: st.shadowFrames };
  }

  /** Loads a model (as a parameter change does); resolves with an error message or undefined. */
  async reload(path: string = String(this.#node.getParameter('model_path'))): Promise<string | undefined> {
    const log = this.#node.getLogger();
    try {
      const r = await this.#load(path);
      const old = this.#active;
      this.#active = r;
      this.#configureBehaviour(r);
      if (this.#instruction !== undefined) this.#applyInstruction(this.#instruction);
      if (old && old !== r) await old.policy.release();
      log.info(`policy: serving ${path} (${r.policy.card.name} ${r.policy.card.version})`);
      this.#lastError = '';
      this.#publishStatus(OK, `loaded ${r.policy.card.name} ${r.policy.card.version}`);
      return undefined;
    } catch (e) {
      const message = (this.#lastError = (e as Error).message);
      log.error(`policy: model ${path} refused, ${this.#active ? `still serving ${this.#active.policy.path}` : 'no model is serving'}: ${message}`);
      this.#publishStatus(this.#active ? WARN : ERROR, `model refused: ${message}`);
      return message;
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const s of this.#subs) s.destroy();
    this.#heartbeat.cancel();
    this.#service.destroy();
    await this.#inflight;
    await this.#active?.policy.release();
    await this.#shadow?.policy.release();
    this.#active = this.#shadow = undefined;
  }

  #configureBehaviour(r: PolicyRunner): void {
    const { standoff: standoffParam, enable_search: enableSearch } = this.#p;
    const standoff = standoffParam >= 0 ? standoffParam : r.policy.card.decision.standoff;
    this.#behaviour = new GoalBehaviour({ ...behaviourFromCard(r.policy.card), standoff, enableSearch, searchBudget: this.#searchBudget });
  }

  async #load(path: string): Promise<PolicyRunner> {
    const policy = await OnnxPolicy.load(path);
    if (this.#p.min_confidence >= 0) (policy.card.decision as { minConfidence: number }).minConfidence = this.#p.min_confidence;
    return new PolicyRunner(policy);
  }

  async #loadShadow(path: string): Promise<void> {
    const log = this.#node.getLogger();
    if (this.#shadow) await this.#shadow.policy.release();
    this.#shadow = undefined;
    if (!path) return;
    try {
      this.#shadow = await this.#load(path);
      if (this.#instruction !== undefined && this.#parsed) this.#shadow.setInstruction(networkText(this.#parsed, this.#instruction));
      log.info(`policy: shadow model ${path}`);
    } catch (e) {
      log.error(`policy: shadow model ${path} refused: ${(e as Error).message}`);
    }
  }

  #publishStatus(level: number, message: string, extra: Record<string, string | number> = {}): void {
    const st = this.#st;
    const active = this.#active;
    const values: diagnostic_msgs.KeyValue[] = Object.entries({
      ...this.#task.values(),
      nav_goal_status: this.#navStatus,
      model: active ? `${active.policy.card.name} ${active.policy.card.version}` : 'none',
      model_sha256: active?.policy.sha256.slice(0, 16) ?? '',
      instruction: this.#instruction ?? '',
      unknown_words: this.#parsed?.unknown.join(' ') ?? '',
      mode: this.#behaviour.mode,
      search_budget_s: this.#searchBudget,
      close_up_check: this.#lastCloseUp,
      sensor_warnings: this.#sensorWarnings.join('; '),
      frames: st.frames,
      dropped_frames: st.dropped,
      goals_published: st.goals,
      goals_suppressed: st.suppressed,
      latency_ms_median: quantile(st.latencyMs.slice(-200), 0.5).toFixed(3),
      latency_ms_p99: quantile(st.latencyMs.slice(-200), 0.99).toFixed(3),
      last_error: this.#lastError,
      ...extra,
    }).map(([key, value]) => ({ key, value: String(value) }));
    const name = this.#node.name;
    const status: diagnostic_msgs.DiagnosticStatus[] = [{ level, name: `${name}: policy`, message, hardware_id: 'policy', values }];
    const shadow = this.#shadow;
    if (shadow) {
      status.push({
        level: OK,
        name: `${name}: shadow`,
        message: `shadow ${shadow.policy.card.name} ${shadow.policy.card.version}: disagrees on ${st.shadowDisagreements}/${st.shadowFrames} frames`,
        hardware_id: 'policy',
        values: [
          { key: 'shadow_model', value: shadow.policy.path },
          { key: 'disagreement_rate', value: (st.shadowDisagreements / Math.max(1, st.shadowFrames)).toFixed(4) },
          { key: 'last_disagreement', value: st.lastDisagreement },
        ],
      });
    }
    this.#pub.diagnostics.publish({ header: { stamp: this.#node.now(), frame_id: '' }, status });
  }

  /** The task's state as the status line: warnings (sensors, not understood) raise the level. */
  #publishTask(extra: Record<string, string | number> = {}): void {
    const warnings = this.#sensorWarnings;
    const level = this.#task.state === 'not_understood' || warnings.length > 0 ? WARN : OK;
    this.#publishStatus(level, warnings.length ? `${this.#task.message} | sensors: ${warnings.join('; ')}` : this.#task.message, extra);
  }

  #applyInstruction(text: string): void {
    const log = this.#node.getLogger();
    this.#instruction = text;
    const p0 = parseInstruction(text, this.#active?.policy.vocab);
    const parsed = (this.#parsed = p0.kind === 'goal' && !this.#p.relations ? { ...p0, relation: undefined } : p0);
    this.#task.instruction(parsed);
    this.#behaviour.reset();
    this.#arrived = false;
    this.#lastCloseUp = '';
    if (parsed.kind === 'goal') {
      const ref = parsed.relation?.kind === 'next-to' ? `go to the ${attributePhrase(parsed.relation.reference)}` : undefined;
      for (const r of [this.#active, this.#shadow]) {
        r?.setInstruction(networkText(parsed, text));
        r?.setReference(ref);
      }
      this.#behaviour.setRelation(parsed.relation);
    } else {
      // Stop, or nothing to look for: the robot must not keep driving to the previous task's goal.
      this.#cancelNavigation();
      if (parsed.kind === 'refused') log.warn(`policy: instruction "${text}" refused: ${parsed.reason}`);
      else log.info(`policy: "${text}": task cancelled`);
    }
    if (parsed.unknown.length) log.warn(`policy: instruction has words the model does not know (ignored): ${parsed.unknown.join(', ')}`);
  }

  #cancelNavigation(): void {
    if (this.#lastSent) this.#pub.cancel.publish({});
    this.#lastSent = undefined;
  }

  /** Publishes a goal unless it is the one already sent (or the navigator gave up on that one a moment ago). */
  #sendGoal(g: Pose2D, stamp: { sec: number; nanosec: number }, newestStamp: number): void {
    const clock = this.#node.getClock();
    const nowS = clock.nowSeconds();
    const last = this.#lastSent;
    if (last) {
      const same = Math.hypot(last.goal.x - g.x, last.goal.y - g.y) < SAME_GOAL_M && Math.abs(wrapAngle(last.goal.yaw - g.yaw)) < SAME_GOAL_RAD;
      const retry = (this.#navStatus === 'aborted' || this.#navStatus === 'canceled') && nowS - last.at > 2;
      if (same && !retry) {
        this.#st.suppressed++;
        return;
      }
    }
    this.#arrived = false;
    this.#navStatus = 'sent';
    this.#lastGoalAt = nowS;
    const msg: geometry_msgs.PoseStamped = { header: { stamp, frame_id: this.#odomPose ? this.#p.goal_frame : 'base_link' }, pose: { position: { x: g.x, y: g.y, z: 0 }, orientation: quaternionFromYaw(g.yaw) } };
    this.#lastSent = { msg, goal: g, at: nowS };
    this.#pub.goal.publish(msg);
    this.#st.goals++;
    if (!clock.isSimTime) this.#st.stampToGoalMs.push((nowS - newestStamp) * 1000);
  }

  /** Sensor envelope check, on every message but logged at most every 10 s. */
  #checkSensors(problems: string[], kind: 'scan' | 'image'): void {
    const others = this.#sensorWarnings.filter((w) => !w.startsWith(kind === 'scan' ? 'scan' : 'camera'));
    if (problems.length) this.#node.getLogger().throttle('warn', 10, `policy: live sensors outside what the model was trained for: ${problems.join('; ')}`);
    this.#sensorWarnings = [...others, ...problems];
  }

  #onPair(scan: sensor_msgs.LaserScan, image: sensor_msgs.Image): void {
    const arrival = performance.now();
    const runner = this.#active;
    if (this.#stopped || !runner || this.#instruction === undefined || !this.#task.active) return;
    const log = this.#node.getLogger();
    if (this.#sync.resets !== this.#clockResets) {
      // The clock went back (a simulator reset): what the search mapped belongs to the world before it.
      this.#clockResets = this.#sync.resets;
      this.#behaviour.reset();
      this.#arrived = false;
      log.info(`policy: the clock went back to ${timeToSeconds(scan.header.stamp).toFixed(1)} s: the search for "${this.#instruction}" starts again`);
    }
    if (this.#busy) {
      this.#st.dropped++;
      return;
    }
    this.#busy = true;
    const newestStamp = Math.max(timeToSeconds(scan.header.stamp), timeToSeconds(image.header.stamp));
    this.#inflight = runner
      .run(scan, image)
      .then((r) => this.#onEstimate(runner, r, scan, image, newestStamp, arrival))
      .catch((e: Error) => {
        if (this.#stopped) return;
        this.#lastError = e.message;
        log.throttle('error', 5, `policy: frame failed: ${e.message}`);
        this.#publishStatus(ERROR, `frame failed: ${e.message}`);
      })
      .finally(() => {
        this.#busy = false;
      });
  }

  /** One frame's estimate: the behaviour's decision, the task's progress, the shadow comparison, the status. */
  async #onEstimate(runner: PolicyRunner, r: RunResult, scan: sensor_msgs.LaserScan, image: sensor_msgs.Image, newestStamp: number, arrival: number): Promise<void> {
    const task = this.#task;
    const behaviour = this.#behaviour;
    const st = this.#st;
    if (this.#stopped || !task.active) return;
    st.frames++;
    const pose = this.#odomPose ?? { x: 0, y: 0, yaw: 0 };
    const target = this.#parsed?.kind === 'goal' ? this.#parsed.target : undefined;
    const hfov = runner.policy.card.preprocess.hfov;
    const closeUp = target ? (mayWait: boolean) => {
      // a lidar noisier than the bundled one: the scans since the robot stopped, combined until as sharp as the bundled one
      const still = scanNoise(scan) > SHARP_SCAN_NOISE ? this.#stillScans.count : 0;
      const c = closeUpCheck(still > 1 ? this.#stillScans.combined()! : scan, image, target, hfov);
      const wait = mayWait && (c.noise ?? 0) > SHARP_SCAN_NOISE && still > 0 && still < this.#stillScans.max;
      this.#lastCloseUp = `colour ${c.colour} (${(c.colourFraction * 100).toFixed(0)}% of its pixels), shape ${c.shape}${c.leansAway ? ' (leaning to another shape)' : ''} (roundness ${c.roundness.toFixed(0)}, lidar noise ${((c.noise ?? NaN) * 100).toFixed(1)} cm${still > 1 ? ` over ${still} scans` : ''}${wait ? ', looking longer' : ''})`;
      return wait ? 'wait' : closeUpVerdict(c, target);
    } : undefined;
    const decision = behaviour.update(pose, r.estimate, scan, newestStamp, this.#arrived, { reference: r.reference, closeUp });
    if (decision.goal) this.#sendGoal(decision.goal, timeToSeconds(scan.header.stamp) >= timeToSeconds(image.header.stamp) ? scan.header.stamp : image.header.stamp, newestStamp);
    task.update({ mode: behaviour.mode, committed: behaviour.committed, arrived: this.#arrived, coverage: behaviour.grid.coverage(), searchSeconds: behaviour.searchSeconds, endReason: behaviour.endReason, pass: behaviour.pass }, r.estimate);
    if (!task.active) {
      // The task ended here: the navigator keeps no goal of ours ('arrived' leaves the robot where it stands).
      if (task.state === 'not_found') this.#cancelNavigation();
      this.#node.getLogger().info(`policy: ${task.message}`);
    }
    const latency = performance.now() - arrival;
    st.latencyMs.push(latency);
    if (st.latencyMs.length > 1000) st.latencyMs.splice(0, 500);
    const shadow = this.#shadow;
    if (shadow) {
      const se = (await shadow.run(scan, image)).estimate;
      st.shadowFrames++;
      const disagree = se.inView !== r.estimate.inView || (se.inView && (Math.abs(se.bearing - r.estimate.bearing) > 0.1 || Math.abs(se.range - r.estimate.range) > 0.5));
      if (disagree) {
        st.shadowDisagreements++;
        st.lastDisagreement = `t=${newestStamp.toFixed(2)} active ${r.estimate.inView ? `bearing ${r.estimate.bearing.toFixed(2)} range ${r.estimate.range.toFixed(2)}` : 'not in view'} vs shadow ${se.inView ? `bearing ${se.bearing.toFixed(2)} range ${se.range.toFixed(2)}` : 'not in view'}`;
      }
    }
    this.#publishTask({
      confidence: r.estimate.confidence.toFixed(3),
      p_not_in_view: r.estimate.pNotInView.toFixed(3),
      column_probabilities: columnProbabilities(r.output.probs, runner.policy.card.preprocess.cols),
      inference_ms: r.inferMs.toFixed(3),
      latency_ms: latency.toFixed(3),
    });
  }

  /** Someone else's goal on goal_pose (a floor click): ours are the message we sent or an echo of it (DDS). */
  #isOurs(m: geometry_msgs.PoseStamped): boolean {
    const sent = this.#lastSent?.msg;
    if (!sent) return false;
    if (m === sent) return true;
    return Math.hypot(m.pose.position.x - sent.pose.position.x, m.pose.position.y - sent.pose.position.y) < 1e-6 && m.header.stamp.sec === sent.header.stamp.sec && m.header.stamp.nanosec === sent.header.stamp.nanosec;
  }

  #endTask(why: string): void {
    if (!this.#task.active) return;
    this.#task.cancel(why);
    this.#lastSent = undefined;
    this.#node.getLogger().info(`policy: task ${why}`);
    this.#publishTask();
  }

  #takeOver(why: string, cancel: boolean): void {
    if (!this.#task.active) return;
    this.#task.override(why);
    if (cancel) this.#cancelNavigation();
    this.#lastSent = undefined;
    this.#node.getLogger().info(`policy: ${this.#task.message}`);
    this.#publishTask();
  }
}

/** The text the network is conditioned on: the target's attributes when the instruction has a relation. */
const networkText = (p: ParsedInstruction, text: string) => (p.kind === 'goal' && p.relation ? `go to the ${attributePhrase(p.target)}` : text);

export const policyNodeExecutable: Executable = {
  pkg: 'navstack',
  exec: 'policy_node',
  defaultNodeName: 'policy',
  description: 'Multi-modal ONNX policy: scan + camera/image_raw + instruction -> goal_pose, status on diagnostics',
  async start(node) {
    const handle = new PolicyNode(node);
    if (node.getParameter('require_model') === true) {
      // A robot must not come up without the model it was launched with: fail the launch with the reason.
      await handle.ready.catch(async (e: Error) => {
        await handle.stop();
        throw new Error(`policy_node: ${e.message} (set require_model:=false to start without a model)`);
      });
    }
    return handle;
  },
};
