// One flood against a running bridge, from its own process: told what to do on argv (JSON), it
// reports what it sent to its parent (IPC) and exits.
import WebSocket from 'ws';
import { fuzzHttp, fuzzOpFrame, rng } from './fuzz.ts';

export interface FloodSpec {
  kind: 'http' | 'ops' | 'subscribe_ids' | 'call_service' | 'big_frames' | 'connections' | 'fragment_1' | 'throttle_queue';
  count: number;
  seconds: number;
  wsUrl: string;
  token: string;
  httpHost: string;
  httpPort: number;
  maxMessageSize: number;
}

const spec = JSON.parse(process.argv[2]!) as FloodSpec;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function open(url: string): Promise<WebSocket | undefined> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('error', () => resolve(undefined));
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', () => resolve(undefined));
  });
}

/** Waits until the bridge has handled everything sent on this connection (it answers ops in order). */
function drained(ws: WebSocket, timeoutMs = 120_000): Promise<boolean> {
  return new Promise((resolve) => {
    if (ws.readyState !== WebSocket.OPEN) return resolve(false);
    const t = setTimeout(() => resolve(false), timeoutMs);
    const onMessage = (data: Buffer, binary: boolean) => {
      if (!binary && data.includes('"id":"drain"')) {
        clearTimeout(t);
        ws.off('message', onMessage);
        resolve(true);
      }
    };
    ws.on('message', onMessage);
    ws.once('close', () => resolve(false));
    ws.send(JSON.stringify({ op: 'call_service', id: 'drain', service: '/rosapi/services' }));
  });
}

/** Sends frames as fast as the socket takes them (waits while more than 4 MB are unsent). */
async function pump(ws: WebSocket, frames: number, make: (i: number) => { data: string | Uint8Array; binary: boolean }): Promise<number> {
  let sent = 0;
  for (let i = 0; i < frames && ws.readyState === WebSocket.OPEN; i++) {
    const f = make(i);
    ws.send(f.data, { binary: f.binary });
    sent++;
    if (ws.bufferedAmount > 4_000_000 || i % 200 === 0) await sleep(ws.bufferedAmount > 4_000_000 ? 5 : 0);
  }
  return sent;
}

async function run(): Promise<Record<string, unknown>> {
  const withToken = `${spec.wsUrl}/?token=${spec.token}`;
  switch (spec.kind) {
    case 'http':
      return { ...(await fuzzHttp(spec.httpHost, spec.httpPort, spec.count, 7, 32)) };
    case 'ops': {
      const r = rng(11);
      const per = Math.ceil(spec.count / 8);
      let sent = 0;
      let reconnects = 0;
      await Promise.all(
        Array.from({ length: 8 }, async (_, k) => {
          let left = per;
          while (left > 0) {
            const ws = await open(k % 2 ? withToken : spec.wsUrl);
            if (!ws) {
              await sleep(50);
              continue;
            }
            const n = await pump(ws, left, () => fuzzOpFrame(r));
            if (n === left) await drained(ws);
            sent += n;
            left -= n;
            if (left > 0) reconnects++;
            ws.terminate();
          }
        }),
      );
      return { sent, reconnects };
    }
    case 'subscribe_ids': {
      const ws = (await open(withToken))!;
      const sent = await pump(ws, spec.count, (i) => ({ data: JSON.stringify({ op: 'subscribe', id: `id${i}`, topic: '/odom', type: 'nav_msgs/msg/Odometry' }), binary: false }));
      await drained(ws);
      ws.terminate();
      return { sent };
    }
    case 'call_service': {
      const ws = (await open(withToken))!;
      const sent = await pump(ws, spec.count, (i) => ({ data: JSON.stringify({ op: 'call_service', id: `c${i}`, service: '/nobody_offers_this', type: 'std_srvs/srv/Trigger' }), binary: false }));
      await drained(ws);
      ws.terminate();
      return { sent };
    }
    case 'big_frames': {
      const big = 'x'.repeat(spec.maxMessageSize * 4);
      const frame = JSON.stringify({ op: 'publish', topic: '/instruction', msg: { data: big } });
      let sent = 0;
      let closed = 0;
      const end = Date.now() + spec.seconds * 1000;
      await Promise.all(
        Array.from({ length: 5 }, async () => {
          while (Date.now() < end) {
            const ws = await open(withToken);
            if (!ws) continue;
            const done = new Promise<void>((r) => ws.once('close', () => r()));
            ws.send(frame);
            sent++;
            await done;
            closed++;
          }
        }),
      );
      return { sent, closed_by_server: closed, frame_bytes: frame.length };
    }
    case 'connections': {
      const socks = (await Promise.all(Array.from({ length: spec.count }, () => open(spec.wsUrl)))).filter((w): w is WebSocket => !!w);
      await sleep(spec.seconds * 1000);
      for (const w of socks) w.terminate();
      return { tried: spec.count, opened: socks.length };
    }
    case 'fragment_1':
    case 'throttle_queue': {
      const ws = (await open(withToken))!;
      let received = 0;
      ws.on('message', () => received++);
      const sub = spec.kind === 'fragment_1' ? { fragment_size: 1 } : { throttle_rate: 1e9, queue_length: 1e9 };
      ws.send(JSON.stringify({ op: 'subscribe', topic: '/camera/image_raw', type: 'sensor_msgs/msg/Image', ...sub }));
      await sleep(spec.seconds * 1000);
      ws.terminate();
      return { received };
    }
  }
}

run().then(
  (r) => {
    process.send!({ done: true, result: r }, () => process.exit(0));
  },
  (e: Error) => {
    process.send!({ done: true, error: e.message }, () => process.exit(1));
  },
);
