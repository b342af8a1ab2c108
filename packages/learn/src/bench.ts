/**
 * Policy benchmarks: ONNX inference latency on one core (intra-op threads = 1), preprocessing time, and
 * stamp-to-goal latency through policy_node in a local graph (system clock; each frame's newest sensor
 * stamp is its publish time, the goal is timed when it reaches a subscriber).
 */
import { existsSync } from 'node:fs';
import { init } from '@navstack/rcl';
import { timeFromNanos, type geometry_msgs } from '@navstack/msgs';
import { OnnxPolicy, PolicyRunner, DEFAULT_MODEL_PATH, PolicyNode, preprocess } from '@navstack/policy';
import { generateTask } from './world/scenario.ts';
import { createSimulator } from './world/simFactory.ts';

function stats(xs: number[]): { median: number; p99: number; n: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p99: s[Math.min(s.length - 1, Math.floor(0.99 * s.length))], n: s.length };
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export async function bench(options: { quick: boolean; modelPath?: string }): Promise<Record<string, unknown>> {
  const modelPath = options.modelPath ?? DEFAULT_MODEL_PATH;
  if (!existsSync(modelPath)) return { skipped: `no model at ${modelPath} (run packages/learn/scripts/pipeline.ts)` };
  const n = options.quick ? 200 : 2000;
  const policy = await OnnxPolicy.load(modelPath, { intraOpNumThreads: 1 });
  const runner = new PolicyRunner(policy);
  // Real inputs: frames from a few held-out episodes.
  const frames: { scan: ReturnType<ReturnType<typeof createSimulator>['scan']>; image: ReturnType<ReturnType<typeof createSimulator>['cameraImage']> }[] = [];
  for (let e = 0; frames.length < 50; e++) {
    const task = generateTask('heldout', 900 + e);
    const sim = createSimulator(task, e);
    for (let i = 0; i < 10; i++) {
      for (let k = 0; k < 6; k++) sim.step({ linear: 0.2, angular: 0.6 });
      frames.push({ scan: sim.scan(), image: sim.cameraImage() });
    }
    runner.setInstruction(task.instruction);
  }
  const c = policy.card.preprocess;
  const pre: number[] = [], inf: number[] = [];
  for (let i = 0; i < 50; i++) await runner.run(frames[i % frames.length].scan, frames[i % frames.length].image); // warm-up
  for (let i = 0; i < n; i++) {
    const f = frames[i % frames.length];
    const t0 = performance.now();
    preprocess(c, f.scan, f.image);
    const t1 = performance.now();
    const r = await runner.run(f.scan, f.image);
    pre.push(t1 - t0);
    inf.push(r.inferMs);
  }
  await policy.release();

  // Stamp to goal through the node.
  const ctx = await init({ backend: 'local' });
  const node = ctx.createNode('policy', { parameterOverrides: { model_path: modelPath } });
  const h = new PolicyNode(node);
  await h.ready;
  const probe = ctx.createNode('bench_probe');
  const lat: number[] = [];
  probe.createSubscription('geometry_msgs/msg/PoseStamped', 'goal_pose', {}, (m: geometry_msgs.PoseStamped) => {
    const nowNs = process.hrtime.bigint() - hrOffset;
    const st = BigInt(m.header.stamp.sec) * 1_000_000_000n + BigInt(m.header.stamp.nanosec);
    lat.push(Number(nowNs - st) / 1e6);
  });
  const hrOffset = process.hrtime.bigint() - BigInt(Date.now()) * 1_000_000n;
  const scanPub = probe.createPublisher('sensor_msgs/msg/LaserScan', 'scan', { qos: 'sensor_data' });
  const imgPub = probe.createPublisher('sensor_msgs/msg/Image', 'camera/image_raw', { qos: 'sensor_data' });
  const instrPub = probe.createPublisher('std_msgs/msg/String', 'instruction');
  const goalsN = options.quick ? 100 : 500;
  for (let i = 0; i < goalsN; i++) {
    // A new instruction makes the node publish a goal on the next frame (a look-around or the target).
    instrPub.publish({ data: i % 2 ? 'go to the red box' : 'find the blue ball' });
    const f = frames[i % frames.length];
    const stamp = timeFromNanos(process.hrtime.bigint() - hrOffset);
    const scan = { ...f.scan, header: { ...f.scan.header, stamp } };
    const image = { ...f.image, header: { ...f.image.header, stamp } };
    scanPub.publish(scan);
    imgPub.publish(image);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setTimeout(r, 20));
  const node_ = h.stats();
  await h.stop();
  await ctx.shutdown();
  const i = stats(inf), p = stats(pre), g = stats(lat), fl = stats(node_.latencyMs);
  return {
    model: `${policy.card.name} ${policy.card.version} (${policy.card.parameters} parameters)`,
    inference_ms_median: r3(i.median),
    inference_ms_p99: r3(i.p99),
    inference_samples: i.n,
    preprocess_ms_median: r3(p.median),
    preprocess_ms_p99: r3(p.p99),
    node_frame_latency_ms_median: r3(fl.median),
    node_frame_latency_ms_p99: r3(fl.p99),
    stamp_to_goal_ms_median: r3(g.median),
    stamp_to_goal_ms_p99: r3(g.p99),
    stamp_to_goal_samples: g.n,
    threads: 'onnxruntime intra-op threads = 1',
  };
}
