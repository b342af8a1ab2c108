/**
 * policy_node: camera + lidar + instruction -> goal_pose, with status on diagnostics. Parameters: POLICY_SCHEMA.
 * Setting model_path (or calling the ~/reload_model Trigger service) hot-reloads the model; a model that
 * fails to load or does not match its card is refused and the running one keeps serving.
 */
import { quaternionFromYaw } from '@navstack/nav';
import { fileURLToPath } from 'node:url';
import { action_msgs } from '@navstack/msgs';
import type { diagnostic_msgs, geometry_msgs, nav_msgs, sensor_msgs } from '@navstack/msgs';
import { param, ParamSchema, type Executable, type Node, type RunningNode } from '@navstack/rcl';
import { ApproxTimeSync } from './ApproxTimeSync.ts';
import { poseFromOdom, type Pose2D } from './pose.ts';
import { GoalBehaviour, behaviourFromCard, type Mode } from './GoalBehaviour.ts';
import { OnnxPolicy } from './OnnxPolicy.ts';
import { PolicyRunner, type RunResult } from './PolicyRunner.ts';

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
});

const OK = 0, WARN = 1, ERROR = 2;

function stampS(h: { stamp: { sec: number; nanosec: number } }): number {
  return h.stamp.sec + h.stamp.nanosec * 1e-9;
}

function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

export interface PolicyNodeHandle extends RunningNode {
  /** Resolves when the model given by model_path is loaded (or rejects with the reason). */
  ready: Promise<void>;
  stats(): { frames: number; goals: number; dropped: number; latencyMs: number[]; stampToGoalMs: number[]; mode: Mode; model: string; shadowDisagreements: number; shadowFrames: number };
  /** Loads a model (as a parameter change does); resolves with an error message or undefined. */
  reload(path?: string): Promise<string | undefined>;
}

export async function startPolicyNode(node: Node): Promise<PolicyNodeHandle> {
  const log = node.getLogger();
  const { model_path: modelPath, shadow_model_path: shadowPath, sync_slop: slop, goal_frame: goalFrame, standoff: standoffParam, min_confidence: confParam, enable_search: enableSearch, goal_status_topic: goalStatusTopic } = POLICY_SCHEMA.declare(node);

  const goalPub = node.createPublisher('geometry_msgs/msg/PoseStamped', 'goal_pose');
  const diagPub = node.createPublisher('diagnostic_msgs/msg/DiagnosticArray', 'diagnostics');

  let active: PolicyRunner | undefined;
  let shadow: PolicyRunner | undefined;
  let instruction: string | undefined;
  let odomPose: Pose2D | undefined;
  let lastScan: sensor_msgs.LaserScan | undefined;
  let behaviour = new GoalBehaviour({ enableSearch });
  // Arrival: the navigator reports a goal accepted at or after our last goal as succeeded.
  let lastGoalAt = Infinity;
  let arrived = false;
  let busy = false;
  let lastError = '';
  const st = { frames: 0, goals: 0, dropped: 0, latencyMs: [] as number[], stampToGoalMs: [] as number[], shadowDisagreements: 0, shadowFrames: 0, lastDisagreement: '' };

  const configureBehaviour = (p: PolicyRunner) => {
    const standoff = standoffParam >= 0 ? standoffParam : p.policy.card.decision.standoff;
    behaviour = new GoalBehaviour({ ...behaviourFromCard(p.policy.card), standoff, enableSearch });
  };

  const load = async (path: string): Promise<PolicyRunner> => {
    const p = await OnnxPolicy.load(path);
    if (confParam >= 0) (p.card.decision as { minConfidence: number }).minConfidence = confParam;
    return new PolicyRunner(p);
  };

  const publishStatus = (level: number, message: string, extra: Record<string, string | number> = {}) => {
    const values: diagnostic_msgs.KeyValue[] = Object.entries({
      model: active ? `${active.policy.card.name} ${active.policy.card.version}` : 'none',
      model_sha256: active?.policy.sha256.slice(0, 16) ?? '',
      instruction: instruction ?? '',
      unknown_words: active?.unknownWords.join(' ') ?? '',
      mode: behaviour.mode,
      frames: st.frames,
      dropped_frames: st.dropped,
      goals_published: st.goals,
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

  const reload = async (path: string = String(node.getParameter('model_path'))): Promise<string | undefined> => {
    try {
      const r = await load(path);
      const old = active;
      active = r;
      if (instruction !== undefined) r.setInstruction(instruction);
      configureBehaviour(r);
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
      if (instruction !== undefined) shadow.setInstruction(instruction);
      log.info(`policy: shadow model ${path}`);
    } catch (e) {
      log.error(`policy: shadow model ${path} refused: ${(e as Error).message}`);
    }
  };

  // A frame's inference finishes asynchronously: stop() waits for it, and nothing is published after stop().
  let stopped = false;
  let inflight: Promise<void> | undefined;
  const onPair = (scan: sensor_msgs.LaserScan, image: sensor_msgs.Image) => {
    const arrival = performance.now();
    if (stopped || !active || instruction === undefined) return;
    if (busy) {
      st.dropped++;
      return;
    }
    busy = true;
    const runner = active;
    const newestStamp = Math.max(stampS(scan.header), stampS(image.header));
    inflight = runner
      .run(scan, image)
      .then(async (r: RunResult) => {
        if (stopped) return;
        st.frames++;
        const pose = odomPose ?? { x: 0, y: 0, yaw: 0 };
        const decision = behaviour.update(pose, r.estimate, scan, newestStamp, arrived);
        if (decision.goal) {
          arrived = false;
          lastGoalAt = node.getClock().nowSeconds();
          const g = decision.goal;
          const msg: geometry_msgs.PoseStamped = {
            header: { stamp: scan.header.stamp.sec + scan.header.stamp.nanosec * 1e-9 >= stampS(image.header) ? scan.header.stamp : image.header.stamp, frame_id: odomPose ? goalFrame : 'base_link' },
            pose: { position: { x: g.x, y: g.y, z: 0 }, orientation: quaternionFromYaw(g.yaw) },
          };
          goalPub.publish(msg);
          st.goals++;
          const nowS = node.getClock().nowSeconds();
          if (!node.getClock().isSimTime) st.stampToGoalMs.push((nowS - newestStamp) * 1000);
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
        publishStatus(OK, `${behaviour.mode}: ${r.estimate.inView ? `target at ${r.estimate.bearing.toFixed(2)} rad, ${r.estimate.range.toFixed(2)} m` : 'target not in view'}`, {
          confidence: r.estimate.confidence.toFixed(3),
          p_not_in_view: r.estimate.pNotInView.toFixed(3),
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

  const sync = new ApproxTimeSync<sensor_msgs.LaserScan, sensor_msgs.Image>({ slop }, onPair);
  const subs = [
    node.createSubscription('sensor_msgs/msg/LaserScan', 'scan', { qos: 'sensor_data' }, (m) => {
      lastScan = m;
      sync.addA(m);
    }),
    node.createSubscription('sensor_msgs/msg/Image', 'camera/image_raw', { qos: 'sensor_data' }, (m) => sync.addB(m)),
    node.createSubscription('std_msgs/msg/String', 'instruction', {}, (m) => {
      instruction = m.data;
      const unknown = active?.setInstruction(m.data) ?? [];
      shadow?.setInstruction(m.data);
      behaviour.reset();
      if (unknown.length) log.warn(`policy: instruction has words the model does not know (ignored): ${unknown.join(', ')}`);
      publishStatus(unknown.length ? WARN : OK, `instruction: "${m.data}"${unknown.length ? ` (unknown words: ${unknown.join(', ')})` : ''}`);
    }),
    node.createSubscription('nav_msgs/msg/Odometry', 'odom', {}, (m: nav_msgs.Odometry) => {
      odomPose = poseFromOdom(m);
    }),
    node.createSubscription('action_msgs/msg/GoalStatusArray', goalStatusTopic, { qos: 'latched' }, (m: action_msgs.GoalStatusArray) => {
      const done = m.status_list.some((s) => s.status === action_msgs.GoalStatus.STATUS_SUCCEEDED && stampS(s.goal_info) >= lastGoalAt - 0.05);
      if (done) arrived = true;
    }),
  ];
  void lastScan;
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
    stats: () => ({ frames: st.frames, goals: st.goals, dropped: st.dropped, latencyMs: st.latencyMs, stampToGoalMs: st.stampToGoalMs, mode: behaviour.mode, model: active?.policy.path ?? '', shadowDisagreements: st.shadowDisagreements, shadowFrames: st.shadowFrames }),
    async stop() {
      stopped = true;
      for (const s of subs) s.destroy();
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
