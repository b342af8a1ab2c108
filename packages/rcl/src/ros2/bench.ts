// ROS 2 transport benchmark: per-message latency (median, p99) and burst throughput of a 360-beam
// LaserScan and a 640x480 rgb8 Image between two processes over DDS — rclnodejs (navstack's ros2
// backend) to rclnodejs, rclpy to rclpy, rclnodejs to rclpy, rclpy to rclnodejs — measured side by side in
// one run, with navstack's local bus (one process, no serialization) for scale.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultMessage, type MessageTypeName } from '@navstack/msgs';
import { LocalContext } from '../local/LocalContext.ts';
import { quantileSorted } from '@navstack/math';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const PEERS = { js: `node --import tsx ${REPO}packages/rcl/src/ros2/benchPeer.ts`, py: `/usr/bin/python3 ${REPO}packages/rcl/bench/ros2_peer.py` } as const;
type Peer = keyof typeof PEERS;

interface Summary {
  latencyMs: { median: number; p99: number; n: number };
  burst: { sent: number; received: number; messagesPerSecond: number };
}

function summarize(latencyMs: number[], arrivals: number[], burst: number): Summary {
  const sorted = Float64Array.from(latencyMs).sort();
  const span = arrivals.length > 1 ? arrivals.at(-1)! - arrivals[0]! : NaN;
  return {
    latencyMs: { median: round(quantileSorted(sorted, 0.5)), p99: round(quantileSorted(sorted, 0.99)), n: sorted.length },
    burst: { sent: burst, received: arrivals.length, messagesPerSecond: Math.round((arrivals.length - 1) / span) },
  };
}
const round = (x: number) => Math.round(x * 1000) / 1000;

/** Runs a command with ROS 2 sourced (scripts/ros2-env.sh finds it), collecting stdout. */
function rosProcess(command: string, onLine?: (line: string) => void): { done: Promise<string> } {
  const child = spawn('bash', ['-c', `. ${REPO}scripts/ros2-env.sh && exec ${command}`], { env: { ...process.env, ROS_DOMAIN_ID: process.env.ROS_DOMAIN_ID ?? String(150 + (process.pid % 50)) }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d;
    for (const line of String(d).split('\n')) if (line) onLine?.(line);
  });
  return { done: new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited with ${code}`))))) };
}

async function pair(from: Peer, to: Peer, kind: 'scan' | 'image', count: number, rate: number, burst: number): Promise<Summary> {
  const topic = `/navstack_bench_${kind}_${from}_${to}_${process.pid}`;
  const args = `${kind} ${topic} ${count} ${rate} ${burst}`;
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const sub = rosProcess(`${PEERS[to]} sub ${args}`, (line) => line === 'ready' && ready());
  await isReady;
  const pub = rosProcess(`${PEERS[from]} pub ${args}`);
  const [out] = await Promise.all([sub.done, pub.done]);
  const result = JSON.parse(out.trim().split('\n').at(-1)!) as { latencyMs: number[]; burstArrivals: number[] };
  return summarize(result.latencyMs, result.burstArrivals, burst);
}

function localBus(kind: 'scan' | 'image', count: number): Summary {
  const type: MessageTypeName = kind === 'scan' ? 'sensor_msgs/msg/LaserScan' : 'sensor_msgs/msg/Image';
  const msg = kind === 'scan' ? { ...defaultMessage('sensor_msgs/msg/LaserScan'), ranges: new Float32Array(360).fill(1) } : { ...defaultMessage('sensor_msgs/msg/Image'), height: 480, width: 640, encoding: 'rgb8', step: 1920, data: new Uint8Array(640 * 480 * 3) };
  const ctx = new LocalContext();
  const pub = ctx.createNode('bench_pub').createPublisher(type, 'bench');
  const lat: number[] = [];
  let t0 = 0n;
  let timing = true;
  ctx.createNode('bench_sub').createSubscription(type, 'bench', {}, () => timing && lat.push(Number(process.hrtime.bigint() - t0) / 1e6));
  for (let i = 0; i < count; i++) {
    t0 = process.hrtime.bigint();
    pub.publish(msg as never);
  }
  timing = false;
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) pub.publish(msg as never);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  void ctx.shutdown();
  const s = summarize(lat, [], 0);
  return { ...s, burst: { sent: count, received: count, messagesPerSecond: Math.round(count / seconds) } };
}

export async function bench(options: { quick: boolean }): Promise<Record<string, unknown>> {
  const why = await new Promise<string | undefined>((resolve) => {
    // The check runs with ROS 2 sourced, as the peers do.
    const probe = rosProcess(`node ${REPO}scripts/rclnodejs-ready.mjs`);
    probe.done.then(() => resolve(undefined), () => resolve('no ROS 2 with rclnodejs built here (npm run ros2:setup)'));
  });
  if (why) return { skipped: why };
  const plan = {
    scan: { count: options.quick ? 100 : 500, rate: 100, burst: options.quick ? 300 : 2000 },
    image: { count: options.quick ? 30 : 200, rate: 30, burst: options.quick ? 30 : 200 },
  } as const;
  const out: Record<string, unknown> = { note: 'latency: header stamp (CLOCK_REALTIME) at publish to arrival in the other process; burst: messages published back to back, received per second; reliable, keep_last 10' };
  for (const kind of ['scan', 'image'] as const) {
    const p = plan[kind];
    const row: Record<string, Summary> = { local_bus: localBus(kind, p.count) };
    for (const [from, to] of [['js', 'js'], ['py', 'py'], ['js', 'py'], ['py', 'js']] as const) {
      row[`${from === 'js' ? 'rclnodejs' : 'rclpy'}_to_${to === 'js' ? 'rclnodejs' : 'rclpy'}`] = await pair(from, to, kind, p.count, p.rate, p.burst);
    }
    out[kind === 'scan' ? 'LaserScan_360' : 'Image_640x480_rgb8'] = row;
  }
  return out;
}
