/**
 * policy_node: camera + lidar + instruction -> goal_pose, with status on diagnostics. Parameters: POLICY_SCHEMA.
 * Setting model_path (or calling the ~/reload_model Trigger service) hot-reloads the model; a model that
 * fails to load or does not match its card is refused and the running one keeps serving.
 */
import { quantile, quaternionFromYaw } from '@navstack/math';
import { fileURLToPath } from 'node:url';
import { action_msgs, timeToSeconds } from '@navstack/msgs';
import type { diagnostic_msgs, geometry_msgs, nav_msgs, sensor_msgs } from '@navstack/msgs';
import { param, ParamSchema, type Executable, type Node, type RunningNode } from '@navstack/rcl';
import { ApproxTimeSync } from './ApproxTimeSync.ts';
import { poseFromOdom, type Pose2D } from './pose.ts';
import { GoalBehaviour, behaviourFromCard, type Mode } from './GoalBehaviour.ts';
import { wrapAngle } from '@navstack/math';
import { OnnxPolicy } from './OnnxPolicy.ts';
import { PolicyRunner, type RunResult } from './PolicyRunner.ts';
import { attributePhrase, parseInstruction, type ParsedInstruction } from './instruction.ts';
import { BUNDLED_SENSORS, checkImage, checkScan } from './SensorCheck.ts';
import { TaskTracker } from './TaskTracker.ts';
import { closeUpCheck } from './closeUpCheck.ts';

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

export interface PolicyNodeHandle extends RunningNode {
  /** Resolves when the model given by model_path is loaded (or rejects with the reason). */
  ready: Promise<void>;
  stats(): { frames: number; goals: number; goalsSuppressed: number; dropped: number; latencyMs: number[]; stampToGoalMs: number[]; mode: Mode; task: TaskTracker['state']; coverage: number; model: string; shadowDisagreements: number; shadowFrames: number };
  /** Loads a model (as a parameter change does); resolves with an error message or undefined. */
  reload(path?: string): Promise<string | undefined>;
}

/** The target probability of each image column (left to right), for viewers: "0.012,0.250,...". */
const columnProbabilities = (probs: Float32Array, cols: number) => Array.from(probs.subarray(0, cols), (p) => p.toFixed(3)).join(',');

const STATUS_NAMES = ['unknown', 'accepted', 'executing', 'canceling', 'succeeded', 'canceled', 'aborted'];

export async function startPolicyNode(node: Node): Promise<PolicyNodeHandle> {
  const log = node.getLogger();
  const { model_path: modelPath, shadow_model_path: shadowPath, sync_slop: slop, goal_frame: goalFrame, standoff: standoffParam, min_confidence: confParam, enable_search: enableSearch, goal_status_topic: goalStatusTopic, search_budget: budget0, teleop_topic: teleopTopic, relations: useRelations } = POLICY_SCHEMA.declare(node);
  let searchBudget = budget0;

  const goalPub = node.createPublisher('geometry_msgs/msg/PoseStamped', 'goal_pose');
  const cancelPub = node.createPublisher('std_msgs/msg/Empty', 'goal_cancel');
  const diagPub = node.createPublisher('diagnostic_msgs/msg/DiagnosticArray', 'diagnostics');

  let active: PolicyRunner | undefined;
  let shadow: PolicyRunner | undefined;
  let instruction: string | undefined;
  let parsed: ParsedInstruction | undefined;
  let odomPose: Pose2D | undefined;
  let behaviour = new GoalBehaviour({ enableSearch, searchBudget });
  const task = new TaskTracker();
  // Arrival: the navigator reports a goal accepted at or after our last goal as succeeded.
  let lastGoalAt = Infinity;
  let arrived = false;
  let navStatus = 'none';
  let lastSent: { msg: geometry_msgs.PoseStamped; goal: Pose2D; at: number } | undefined;
  let busy = false;
  let lastError = '';
  let sensorWarnings: string[] = [];
  let lastCloseUp = '';
  const st = { frames: 0, goals: 0, suppressed: 0, dropped: 0, latencyMs: [] as number[], stampToGoalMs: [] as number[], shadowDisagreements: 0, shadowFrames: 0, lastDisagreement: '' };

  const configureBehaviour = (p: PolicyRunner) => {
    const standoff = standoffParam >= 0 ? standoffParam : p.policy.card.decision.standoff;
    behaviour = new GoalBehaviour({ ...behaviourFromCard(p.policy.card), standoff, enableSearch, searchBudget });
  };

  const load = async (path: string): Promise<PolicyRunner> => {
    const p = await OnnxPolicy.load(path);
    if (confParam >= 0) (p.card.decision as { minConfidence: number }).minConfidence = confParam;
    return new PolicyRunner(p);
  };

  const publishStatus = (level: number, message: string, extra: Record<string, string | number> = {}) => {
    const values: diagnostic_msgs.KeyValue[] = Object.entries({
      ...task.values(),
      nav_goal_status: navStatus,
      model: active ? `${active.policy.card.name} ${active.policy.card.version}` : 'none',
      model_sha256: active?.policy.sha256.slice(0, 16) ?? '',
      instruction: instruction ?? '',
      unknown_words: parsed?.unknown.join(' ') ?? '',
      mode: behaviour.mode,
      search_budget_s: searchBudget,
      close_up_check: lastCloseUp,
      sensor_warnings: sensorWarnings.join('; '),
      frames: st.frames,
      dropped_frames: st.dropped,
      goals_published: st.goals,
      goals_suppressed: st.suppressed,
      latency_ms_median: quantile(st.latencyMs.slice(-200), 0.5).toFixed(3),
      latency_ms_p99: quantile(st.latencyMs.slice(-200), 0.99).toFixed(3),
      last_error: lastError,
      ...extra,
    }).map(([key, value]) => ({ key, value: String(value) }));
    const status: diagnostic_msgs.DiagnosticStatus[] = [{ level, name: `${node.name}: policy`, message, hardware_id: 'policy', values }];
    if (shadow) {
      status.push({
        level: OK,
        name: `${node.name}: shadow`,
        message: `shadow ${shadow.policy.card.name} ${shadow.policy.card.version}: disagrees on ${st.shadowDisagreements}/${st.shadowFrames} frames`,
        hardware_id: 'policy',
        values: [
          { key: 'shadow_model', value: shadow.policy.path },
          { key: 'disagreement_rate', value: (st.shadowDisagreements / Math.max(1, st.shadowFrames)).toFixed(4) },
          { key: 'last_disagreement', value: st.lastDisagreement },
        ],
      });
    }
    diagPub.publish({ header: { stamp: node.now(), frame_id: '' }, status });
  };
  /** The task's state as the status line: warnings (sensors, not understood) raise the level. */
  const publishTask = (extra: Record<string, string | number> = {}) => {
    const level = task.state === 'not_understood' || sensorWarnings.length > 0 ? WARN : OK;
    publishStatus(level, sensorWarnings.length ? `${task.message} | sensors: ${sensorWarnings.join('; ')}` : task.message, extra);
  };

  /** The text the network is conditioned on: the target's attributes when the instruction has a relation. */
  const networkText = (p: ParsedInstruction, text: string) => (p.kind === 'goal' && p.relation ? `go to the ${attributePhrase(p.target)}` : text);

  const applyInstruction = (text: string) => {
    instruction = text;
    const p0 = parseInstruction(text, active?.policy.vocab);
    parsed = p0.kind === 'goal' && !useRelations ? { ...p0, relation: undefined } : p0;
    task.instruction(parsed);
    behaviour.reset();
    arrived = false;
    lastCloseUp = '';
    if (parsed.kind === 'goal') {
      const ref = parsed.relation?.kind === 'next-to' ? `go to the ${attributePhrase(parsed.relation.reference)}` : undefined;
      for (const r of [active, shadow]) {
        r?.setInstruction(networkText(parsed, text));
        r?.setReference(ref);
      }
      behaviour.setRelation(parsed.relation);
    } else {
      // Stop, or nothing to look for: the robot must not keep driving to the previous task's goal.
      cancelNavigation();
      if (parsed.kind === 'refused') log.warn(`policy: instruction "${text}" refused: ${parsed.reason}`);
      else log.info(`policy: "${text}": task cancelled`);
    }
    if (parsed.unknown.length) log.warn(`policy: instruction has words the model does not know (ignored): ${parsed.unknown.join(', ')}`);
  };

  const cancelNavigation = () => {
    if (lastSent) cancelPub.publish({});
    lastSent = undefined;
  };

  const reload = async (path: string = String(node.getParameter('model_path'))): Promise<string | undefined> => {
    try {
      const r = await load(path);
      const old = active;
      active = r;
      configureBehaviour(r);
      if (instruction !== undefined) applyInstruction(instruction);
      if (old && old !== r) await old.policy.release();
      log.info(`policy: serving ${path} (${r.policy.card.name} ${r.policy.card.version})`);
      lastError = '';
      publishStatus(OK, `loaded ${r.policy.card.name} ${r.policy.card.version}`);
      return undefined;
    } catch (e) {
      lastError = (e as Error).message;
      log.error(`policy: model ${path} refused, ${active ? `still serving ${active.policy.path}` : 'no model is serving'}: ${lastError}`);
      publishStatus(active ? WARN : ERROR, `model refused: ${lastError}`);
      return lastError;
    }
  };

  const loadShadow = async (path: string) => {
    if (shadow) await shadow.policy.release();
    shadow = undefined;
    if (!path) return;
    try {
      shadow = await load(path);
      if (instruction !== undefined && parsed) shadow.setInstruction(networkText(parsed, instruction));
      log.info(`policy: shadow model ${path}`);
    } catch (e) {
      log.error(`policy: shadow model ${path} refused: ${(e as Error).message}`);
    }
  };

  /** Publishes a goal unless it is the one already sent (or the navigator gave up on that one a moment ago). */
  const sendGoal = (g: Pose2D, stamp: { sec: number; nanosec: number }, newestStamp: number) => {
    const nowS = node.getClock().nowSeconds();
    if (lastSent) {
      const same = Math.hypot(lastSent.goal.x - g.x, lastSent.goal.y - g.y) < SAME_GOAL_M && Math.abs(wrapAngle(lastSent.goal.yaw - g.yaw)) < SAME_GOAL_RAD;
      const retry = (navStatus === 'aborted' || navStatus === 'canceled') && nowS - lastSent.at > 2;
      if (same && !retry) {
        st.suppressed++;
        return;
      }
    }
    arrived = false;
    navStatus = 'sent';
    lastGoalAt = nowS;
    const msg: geometry_msgs.PoseStamped = { header: { stamp, frame_id: odomPose ? goalFrame : 'base_link' }, pose: { position: { x: g.x, y: g.y, z: 0 }, orientation: quaternionFromYaw(g.yaw) } };
    lastSent = { msg, goal: g, at: nowS };
    goalPub.publish(msg);
    st.goals++;
    if (!node.getClock().isSimTime) st.stampToGoalMs.push((nowS - newestStamp) * 1000);
  };

  /** Sensor envelope check, on every message but logged at most every 10 s. */
  const checkSensors = (problems: string[], kind: 'scan' | 'image') => {
    const others = sensorWarnings.filter((w) => !w.startsWith(kind === 'scan' ? 'scan' : 'camera'));
    const next = [...others, ...problems];
    if (problems.length) log.throttle('warn', 10, `policy: live sensors outside what the model was trained for: ${problems.join('; ')}`);
    sensorWarnings = next;
  };

  // A frame's inference finishes asynchronously: stop() waits for it, and nothing is published after stop().
  let stopped = false;
  let inflight: Promise<void> | undefined;
  let clockResets = 0;
  const onPair = (scan: sensor_msgs.LaserScan, image: sensor_msgs.Image) => {
    const arrival = performance.now();
    if (stopped || !active || instruction === undefined || !task.active) return;
    if (sync.resets !== clockResets) {
      // The clock went back (a simulator reset): what the search mapped belongs to the world before it.
      clockResets = sync.resets;
      behaviour.reset();
      arrived = false;
      log.info(`policy: the clock went back to ${timeToSeconds(scan.header.stamp).toFixed(1)} s: the search for "${instruction}" starts again`);
    }
    if (busy) {
      st.dropped++;
      return;
    }
    busy = true;
    const runner = active;
    const newestStamp = Math.max(timeToSeconds(scan.header.stamp), timeToSeconds(image.header.stamp));
    inflight = runner
      .run(scan, image)
      .then(async (r: RunResult) => {
        if (stopped || !task.active) return;
        st.frames++;
        const pose = odomPose ?? { x: 0, y: 0, yaw: 0 };
        const target = parsed?.kind === 'goal' ? parsed.target : undefined;
        const hfov = runner.policy.card.preprocess.hfov;
        const closeUp = target ? () => {
          const c = closeUpCheck(scan, image, target, hfov);
          lastCloseUp = `colour ${c.colour} (${(c.colourFraction * 100).toFixed(0)}% of its pixels), shape ${c.shape} (roundness ${c.roundness.toFixed(0)}, lidar noise ${((c.noise ?? NaN) * 100).toFixed(1)} cm)`;
          if (c.colour === 'no' || c.shape === 'no') return 'no';
          return target.color && c.colour !== 'yes' ? 'unknown' : 'yes';
        } : undefined;
        const decision = behaviour.update(pose, r.estimate, scan, newestStamp, arrived, { reference: r.reference, closeUp });
        if (decision.goal) sendGoal(decision.goal, timeToSeconds(scan.header.stamp) >= timeToSeconds(image.header.stamp) ? scan.header.stamp : image.header.stamp, newestStamp);
        task.update({ mode: behaviour.mode, committed: behaviour.committed, arrived, coverage: behaviour.grid.coverage(), searchSeconds: behaviour.searchSeconds, endReason: behaviour.endReason, pass: behaviour.pass }, r.estimate);
        if (!task.active) {
          // The task ended here: the navigator keeps no goal of ours ('arrived' leaves the robot where it stands).
          if (task.state === 'not_found') cancelNavigation();
          log.info(`policy: ${task.message}`);
        }
        const latency = performance.now() - arrival;
        st.latencyMs.push(latency);
        if (st.latencyMs.length > 1000) st.latencyMs.splice(0, 500);
        if (shadow) {
          const se = (await shadow.run(scan, image)).estimate;
          st.shadowFrames++;
          const disagree = se.inView !== r.estimate.inView || (se.inView && (Math.abs(se.bearing - r.estimate.bearing) > 0.1 || Math.abs(se.range - r.estimate.range) > 0.5));
          if (disagree) {
            st.shadowDisagreements++;
            st.lastDisagreement = `t=${newestStamp.toFixed(2)} active ${r.estimate.inView ? `bearing ${r.estimate.bearing.toFixed(2)} range ${r.estimate.range.toFixed(2)}` : 'not in view'} vs shadow ${se.inView ? `bearing ${se.bearing.toFixed(2)} range ${se.range.toFixed(2)}` : 'not in view'}`;
          }
        }
        publishTask({
          confidence: r.estimate.confidence.toFixed(3),
          p_not_in_view: r.estimate.pNotInView.toFixed(3),
          column_probabilities: columnProbabilities(r.output.probs, runner.policy.card.preprocess.cols),
          inference_ms: r.inferMs.toFixed(3),
          latency_ms: latency.toFixed(3),
        });
      })
      .catch((e: Error) => {
        if (stopped) return;
        lastError = e.message;
        log.throttle('error', 5, `policy: frame failed: ${e.message}`);
        publishStatus(ERROR, `frame failed: ${e.message}`);
      })
      .finally(() => {
        busy = false;
      });
  };

  const envelope = () => active?.policy.card.sensors ?? BUNDLED_SENSORS;
  const sync = new ApproxTimeSync<sensor_msgs.LaserScan, sensor_msgs.Image>({ slop }, onPair);
  /** Someone else's goal on goal_pose (a floor click): ours are the message we sent or an echo of it (DDS). */
  const isOurs = (m: geometry_msgs.PoseStamped) =>
    lastSent !== undefined && (m === lastSent.msg || (Math.hypot(m.pose.position.x - lastSent.msg.pose.position.x, m.pose.position.y - lastSent.msg.pose.position.y) < 1e-6 && m.header.stamp.sec === lastSent.msg.header.stamp.sec && m.header.stamp.nanosec === lastSent.msg.header.stamp.nanosec));
  const endTask = (why: string) => {
    if (!task.active) return;
    task.cancel(why);
    lastSent = undefined;
    log.info(`policy: task ${why}`);
    publishTask();
  };
  const takeOver = (why: string, cancel: boolean) => {
    if (!task.active) return;
    task.override(why);
    if (cancel) cancelNavigation();
    lastSent = undefined;
    log.info(`policy: ${task.message}`);
    publishTask();
  };
  const subs = [
    node.createSubscription('sensor_msgs/msg/LaserScan', 'scan', { qos: 'sensor_data' }, (m) => {
      checkSensors(checkScan(envelope(), m), 'scan');
      sync.addA(m);
    }),
    node.createSubscription('sensor_msgs/msg/Image', 'camera/image_raw', { qos: 'sensor_data' }, (m) => {
      checkSensors(checkImage(envelope(), m), 'image');
      sync.addB(m);
    }),
    node.createSubscription('std_msgs/msg/String', 'instruction', {}, (m) => {
      applyInstruction(m.data);
      publishTask();
    }),
    node.createSubscription('nav_msgs/msg/Odometry', 'odom', {}, (m: nav_msgs.Odometry) => {
      odomPose = poseFromOdom(m);
    }),
    node.createSubscription('action_msgs/msg/GoalStatusArray', goalStatusTopic, { qos: 'latched' }, (m: action_msgs.GoalStatusArray) => {
      const ours = m.status_list.filter((s) => timeToSeconds(s.goal_info.stamp) >= lastGoalAt - 0.05);
      if (ours.length) navStatus = STATUS_NAMES[ours[ours.length - 1].status] ?? 'unknown';
      if (ours.some((s) => s.status === action_msgs.GoalStatus.STATUS_SUCCEEDED)) arrived = true;
    }),
    node.createSubscription('geometry_msgs/msg/PoseStamped', 'goal_pose', {}, (m: geometry_msgs.PoseStamped) => {
      if (!isOurs(m)) takeOver('a goal from someone else on goal_pose', false);
    }),
    node.createSubscription('geometry_msgs/msg/Twist', teleopTopic, {}, (m: geometry_msgs.Twist) => {
      if (m.linear.x !== 0 || m.linear.y !== 0 || m.angular.z !== 0) takeOver(`teleop on ${teleopTopic}`, true);
    }),
    node.createSubscription('std_msgs/msg/Empty', 'goal_cancel', {}, () => endTask('cancelled on goal_cancel')),
    // The e-stop ends the task, latched or not (as the safety node hears it): after a release the robot must
    // not drive off on an old instruction.
    ...(['latched', { durability: 'volatile', reliability: 'reliable', depth: 10 }] as const).map((qos) =>
      node.createSubscription('std_msgs/msg/Bool', 'estop', { qos }, (m) => {
        if (m.data) endTask('stopped by the e-stop: give a new instruction after releasing it');
      }),
    ),
  ];
  // Between tasks no frames drive the status: say where things stand once a second.
  const heartbeat = node.createTimer(1, () => {
    if (!task.active && !stopped) publishTask();
  });
  const service = node.createService('std_srvs/srv/Trigger', '~/reload_model', async () => {
    const err = await reload();
    return { success: err === undefined, message: err ?? `serving ${active?.policy.path}` };
  });
  node.onParameterChange((ev) => {
    // A refused model puts model_path back to the one still serving, so `ros2 param get` tells the truth.
    if (ev.name === 'model_path' && ev.value !== active?.policy.path) {
      void reload(String(ev.value)).then((err) => {
        if (err && active) node.setParameter('model_path', active.policy.path);
      });
    }
    if (ev.name === 'shadow_model_path') void loadShadow(String(ev.value));
    if (ev.name === 'search_budget') {
      searchBudget = Number(ev.value);
      behaviour.options.searchBudget = searchBudget;
    }
  });

  const ready = (async () => {
    const err = await reload(modelPath);
    if (err) throw new Error(err);
    await loadShadow(shadowPath);
  })();
  ready.catch(() => undefined);

  return {
    ready,
    reload: (p) => reload(p),
    stats: () => ({ frames: st.frames, goals: st.goals, goalsSuppressed: st.suppressed, dropped: st.dropped, latencyMs: st.latencyMs, stampToGoalMs: st.stampToGoalMs, mode: behaviour.mode, task: task.state, coverage: behaviour.grid.coverage(), model: active?.policy.path ?? '', shadowDisagreements: st.shadowDisagreements, shadowFrames: st.shadowFrames }),
    async stop() {
      stopped = true;
      for (const s of subs) s.destroy();
      heartbeat.cancel();
      service.destroy();
      await inflight;
      await active?.policy.release();
      await shadow?.policy.release();
      active = shadow = undefined;
    },
  };
}

export const policyNodeExecutable: Executable = {
  pkg: 'navstack',
  exec: 'policy_node',
  defaultNodeName: 'policy',
  description: 'Multi-modal ONNX policy: scan + camera/image_raw + instruction -> goal_pose, status on diagnostics',
  async start(node) {
    const handle = await startPolicyNode(node);
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
