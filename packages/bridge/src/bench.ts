// Bridge benchmark: publish-to-roslib-callback latency and sustained rate for a 360-beam scan at
// 10 Hz and a 320x240 rgb8 image at 30 Hz, cbor vs json, 1 and 10 clients (roslib clients in worker
// threads, up to 10 per thread); the time the bridge itself takes
// (encode once, hand to every socket) beside it; then the server's memory and a normal client's
// lag over a run with one slow client that reads nothing.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { defaultMessage, type Message, type MessageTypeName } from '@navstack/msgs';
import { quantileSorted } from '@navstack/math';
import { LocalContext, type Node } from '@navstack/rcl';
import { serveBridge, type RunningBridge } from './serve.ts';
import { rawClient, sleep } from './testing.ts';

const nowAbs = () => performance.timeOrigin + performance.now();

function stamp(): { sec: number; nanosec: number } {
  const t = nowAbs();
  const sec = Math.floor(t / 1000);
  return { sec, nanosec: Math.floor((t - sec * 1000) * 1e6) };
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

interface Stream {
  name: string;
  topic: string;
  type: MessageTypeName;
  hz: number;
  make: () => Message<MessageTypeName>;
}

function streams(): Stream[] {
  const ranges = Float32Array.from({ length: 360 }, (_, i) => 1 + (i % 50) / 10);
  const pixels = new Uint8Array(320 * 240 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) & 255;
  return [
    {
      name: 'scan_360_10hz',
      topic: '/scan',
      type: 'sensor_msgs/msg/LaserScan',
      hz: 10,
      make: () => {
        const m = defaultMessage('sensor_msgs/msg/LaserScan');
        m.header = { stamp: stamp(), frame_id: 'laser' };
        m.angle_min = -Math.PI;
        m.angle_increment = (2 * Math.PI) / 360;
        m.range_max = 12;
        m.ranges = ranges;
        return m;
      },
    },
    {
      name: 'image_320x240_rgb8_30hz',
      topic: '/camera/image_raw',
      type: 'sensor_msgs/msg/Image',
      hz: 30,
      make: () => ({ header: { stamp: stamp(), frame_id: 'camera_link' }, height: 240, width: 320, encoding: 'rgb8', is_bigendian: 0, step: 960, data: pixels }),
    },
  ];
}

/** Client workers: one thread per 10 clients (more threads only add contention on a 2-core machine). */
class ClientPool {
  constructor(readonly workers: Worker[]) {}

  static async start(url: string, s: Stream, clients: number, compression: string): Promise<ClientPool> {
    const per = 10;
    const workers: Worker[] = [];
    for (let left = clients; left > 0; left -= per) {
      const w = new Worker(new URL('./benchClient.mjs', import.meta.url), { workerData: { url, clients: Math.min(per, left), topic: s.topic, type: s.type, compression } });
      await new Promise<void>((resolve, reject) => {
        w.once('message', () => resolve());
        w.once('error', reject);
      });
      workers.push(w);
    }
    return new ClientPool(workers);
  }

  async report(): Promise<{ latencies: number[]; counts: number[] }> {
    const rs = await Promise.all(this.workers.map((w) => ask<{ latencies: number[]; counts: number[] }>(w, 'report')));
    return { latencies: rs.flatMap((r) => r.latencies), counts: rs.flatMap((r) => r.counts) };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => ask(w, 'close')));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function ask<T>(w: Worker, cmd: string): Promise<T> {
  return new Promise((resolve) => {
    w.once('message', (m: T) => resolve(m));
    w.postMessage(cmd);
  });
}

/** Publishes at `hz` for `seconds` with a drift-free schedule. */
async function publishFor(node: Node, s: Stream, seconds: number): Promise<{ published: number; serverMs: number[] }> {
  const pub = node.createPublisher(s.type, s.topic, { qos: 'sensor_data' });
  const period = 1000 / s.hz;
  const t0 = performance.now();
  let n = 0;
  const serverMs: number[] = [];
  while (performance.now() - t0 < seconds * 1000) {
    const m = s.make();
    const a = performance.now();
    pub.publish(m); // synchronous: the bridge encodes once and hands the frames to every client's socket
    serverMs.push(performance.now() - a);
    n++;
    const next = t0 + n * period;
    await sleep(Math.max(0, next - performance.now()));
  }
  pub.destroy();
  return { published: n, serverMs };
}

async function latencyRun(bridge: RunningBridge, node: Node, s: Stream, clients: number, compression: 'none' | 'cbor', seconds: number): Promise<Record<string, number>> {
  const pool = await ClientPool.start(bridge.wsUrl, s, clients, compression);
  await sleep(200);
  await pool.report(); // discard warm-up
  const { published, serverMs } = await publishFor(node, s, seconds);
  await sleep(300);
  const r = await pool.report();
  await pool.close();
  const lat = r.latencies.sort((a, b) => a - b);
  const srv = serverMs.sort((a, b) => a - b);
  const minCount = Math.min(...r.counts);
  return {
    clients,
    published,
    median_ms: round(quantileSorted(lat, 0.5)),
    p99_ms: round(quantileSorted(lat, 0.99)),
    max_ms: round(lat.at(-1) ?? NaN),
    server_encode_and_send_median_ms: round(quantileSorted(srv, 0.5)),
    server_encode_and_send_p99_ms: round(quantileSorted(srv, 0.99)),
    rate_hz_per_client: round(r.counts.reduce((a, b) => a + b, 0) / clients / seconds, 1),
    delivered_ratio_worst_client: round(minCount / published, 3),
  };
}

async function slowClientRun(bridge: RunningBridge, node: Node, s: Stream, seconds: number): Promise<Record<string, unknown>> {
  const slow = await rawClient(bridge.wsUrl);
  slow.send({ op: 'subscribe', topic: s.topic, type: s.type });
  await sleep(100);
  (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause(); // reads nothing from now on
  const pool = await ClientPool.start(bridge.wsUrl, s, 1, 'cbor');
  const pub = node.createPublisher(s.type, s.topic, { qos: 'sensor_data' });
  const samples: { t: number; rss_mb: number; heap_mb: number; lag_median_ms: number; lag_p99_ms: number; queued: number; queued_mb: number; dropped: number }[] = [];
  const window = Math.max(1, Math.round(seconds / 20));
  const t0 = performance.now();
  let n = 0;
  let nextSample = t0 + window * 1000;
  global.gc?.();
  while (performance.now() - t0 < seconds * 1000) {
    pub.publish(s.make());
    n++;
    const now = performance.now();
    if (now >= nextSample) {
      nextSample += window * 1000;
      const r = await pool.report();
      const lat = r.latencies.sort((a, b) => a - b);
      const m = process.memoryUsage();
      const st = await bridge.stats();
      samples.push({
        t: round((now - t0) / 1000, 1),
        rss_mb: round(m.rss / 1e6, 1),
        heap_mb: round(m.heapUsed / 1e6, 1),
        lag_median_ms: round(quantileSorted(lat, 0.5)),
        lag_p99_ms: round(quantileSorted(lat, 0.99)),
        queued: st.queued,
        queued_mb: round(st.queuedBytes / 1e6, 2),
        dropped: st.dropped,
      });
    }
    await sleep(Math.max(0, t0 + (n * 1000) / s.hz - performance.now()));
  }
  pub.destroy();
  await pool.close();
  slow.ws.terminate();
  const first = samples.slice(0, Math.max(1, Math.floor(samples.length / 4)));
  const last = samples.slice(-Math.max(1, Math.floor(samples.length / 4)));
  const avg = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
  return {
    seconds,
    stream: s.name,
    slow_client: 'subscribed with json, reads nothing (socket paused)',
    rss_mb_first_quarter: avg(first.map((x) => x.rss_mb)),
    rss_mb_last_quarter: avg(last.map((x) => x.rss_mb)),
    heap_mb_first_quarter: avg(first.map((x) => x.heap_mb)),
    heap_mb_last_quarter: avg(last.map((x) => x.heap_mb)),
    normal_client_lag_p99_ms_first_quarter: avg(first.map((x) => x.lag_p99_ms)),
    normal_client_lag_p99_ms_last_quarter: avg(last.map((x) => x.lag_p99_ms)),
    max_queued_messages: Math.max(...samples.map((x) => x.queued)),
    max_queued_mb: Math.max(...samples.map((x) => x.queued_mb)),
    dropped_for_slow_client: samples.at(-1)?.dropped ?? 0,
    samples,
  };
}

export async function bench(options: { quick: boolean }): Promise<Record<string, unknown>> {
  const ctx = new LocalContext();
  const node = ctx.createNode('bench_publisher');
  const bridge = await serveBridge(ctx.createNode('rosbridge_server'), { port: 0, httpPort: -1 });
  const seconds = options.quick ? 2 : 20;
  const out: Record<string, unknown> = { quick: options.quick, seconds_per_case: seconds, cpus: os.cpus().length, load_average_at_start: os.loadavg().map((x) => round(x)) };
  try {
    for (const s of streams()) {
      const rows: Record<string, unknown> = {};
      for (const clients of [1, 10]) {
        for (const compression of ['cbor', 'none'] as const) {
          rows[`${compression === 'none' ? 'json' : 'cbor'}_${clients}_clients`] = await latencyRun(bridge, node, s, clients, compression, seconds);
        }
      }
      out[s.name] = rows;
    }
    out.slow_client_memory = await slowClientRun(bridge, node, streams()[1]!, options.quick ? 4 : 600);
    out.load_average_at_end = os.loadavg().map((x) => round(x));
  } finally {
    await bridge.close();
    await ctx.shutdown();
  }
  return out;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  bench({ quick: !process.argv.includes('--full') }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
