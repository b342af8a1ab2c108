// A bounded, seeded fuzzer for the bridge: HTTP requests (paths, methods, headers; well-formed or
// not) over raw TCP, and rosbridge ops (JSON text and CBOR binary frames) mutated from valid ones.
// The attack tests run a few thousand of each; the benchmark runs 100,000 of each.
import net from 'node:net';
import { Encoder } from 'cbor-x';
import { Rng } from '@navstack/math';

/** A seeded uniform [0, 1) stream (the project's one PRNG), so a failing case can be replayed from its seed. */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const PATH_PARTS = ['', 'index.html', 'assets/', 'bridge.json', '%00', '%2e%2e/', '..%2f', '..%5c', '%', '%zz', '%c0%ae%c0%ae/', '//', '\\..\\', '.', '..', 'etc/passwd', '%252e%252e%252f', '\u00e9', '%ff%fe', ';', '?token=x', '#frag', 'a'.repeat(300), '%0d%0aSet-Cookie:x', '*'];
const METHODS = ['GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PATCH', 'G\u00c9T', 'get', ''];
const HOSTS = ['127.0.0.1', 'localhost', 'evil.example', '[::1]', '', '127.0.0.1:1', 'a'.repeat(2000), '0x7f.1', 'localhost.evil.example', '\u00e9.example'];
const ORIGINS = [undefined, 'http://evil.example', 'null', 'http://127.0.0.1:1', 'file://', 'http://localhost', '\u0000'];

/** One HTTP request as raw bytes (some malformed on purpose; each ends its header block). */
export function fuzzHttpRequest(r: () => number): Buffer {
  const parts: string[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) parts.push(pick(r, PATH_PARTS));
  let path = `/${parts.join('/')}`;
  if (r() < 0.05) path = pick(r, ['*', 'http://evil.example/', '', 'x']);
  if (r() < 0.03) path = `/${'%00'.repeat(2000)}`;
  const method = pick(r, METHODS);
  const version = r() < 0.95 ? 'HTTP/1.1' : pick(r, ['HTTP/1.0', 'HTTP/9.9', 'HTTP', '']);
  const headers: string[] = [];
  if (r() < 0.9) headers.push(`Host: ${pick(r, HOSTS)}`);
  const origin = pick(r, ORIGINS);
  if (origin !== undefined) headers.push(`Origin: ${origin}`);
  if (r() < 0.1) headers.push('Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Key: ${r() < 0.5 ? 'dGhlIHNhbXBsZSBub25jZQ==' : 'x'}`);
  if (r() < 0.05) headers.push(`Content-Length: ${pick(r, ['-1', 'abc', '99999999999999999999', '5'])}`);
  if (r() < 0.05) headers.push('Transfer-Encoding: chunked, identity');
  if (r() < 0.05) headers.push('no colon here');
  if (r() < 0.03) headers.push(`X-Big: ${'b'.repeat(20_000)}`);
  if (r() < 0.05) headers.push(`Range: bytes=${pick(r, ['0-', '-1', '5-2', 'x'])}`);
  headers.push('Connection: close');
  return Buffer.from(`${method} ${path} ${version}\r\n${headers.join('\r\n')}\r\n\r\n`, 'latin1');
}

export interface HttpFuzzResult {
  sent: number;
  answered: number;
  /** Connections that closed without any HTTP status line. */
  unanswered: number;
  statuses: Record<string, number>;
}

/** Sends `count` fuzzed requests (`parallel` at a time, one per connection) and counts the answers. */
export async function fuzzHttp(host: string, port: number, count: number, seed: number, parallel = 16): Promise<HttpFuzzResult> {
  const r = rng(seed);
  const res: HttpFuzzResult = { sent: 0, answered: 0, unanswered: 0, statuses: {} };
  const one = (req: Buffer) =>
    new Promise<void>((resolve) => {
      const s = net.connect(port, host);
      let head = '';
      s.setTimeout(15_000, () => s.destroy());
      s.on('connect', () => s.end(req));
      s.on('data', (d) => {
        if (head.length < 64) head += d.toString('latin1');
      });
      s.on('error', () => undefined);
      s.on('close', () => {
        const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
        if (m) {
          res.answered++;
          res.statuses[m[1]!] = (res.statuses[m[1]!] ?? 0) + 1;
        } else res.unanswered++;
        resolve();
      });
    });
  let next = 0;
  const workers = Array.from({ length: parallel }, async () => {
    while (next < count) {
      next++;
      res.sent++;
      await one(fuzzHttpRequest(r));
    }
  });
  await Promise.all(workers);
  return res;
}

const TOPICS = ['/estop', '/cmd_vel_teleop', '/goal_pose', '/goal_cancel', '/instruction', '/scan', '/fuzz', '', '/', '//x', 'rel', '/a/b/../c', '/\u0000', '/' + 'x'.repeat(500)];
const TYPES = ['std_msgs/msg/Bool', 'std_msgs/Bool', 'geometry_msgs/msg/Twist', 'std_msgs/msg/String', 'nope/Nope', '', 'std_msgs/msg/Empty', 'sensor_msgs/msg/LaserScan', '../../x'];
const SERVICES = ['/reset_simulation', '/rosapi/topics', '/rosapi/topic_type', '/rosapi/nope', '/policy/reload_model', '/none', ''];
const WEIRD: unknown[] = [null, true, false, 0, -1, 1e400, -1e400, 1e308, 2 ** 53 + 1, '', 'x', [], {}, [null], { data: null }, { __proto__: { polluted: 1 } }, { constructor: { prototype: { polluted: 1 } } }, 'a'.repeat(10_000), [[[[[[[[1]]]]]]]]];

function validOp(r: () => number): Record<string, unknown> {
  const topic = pick(r, TOPICS);
  const id = r() < 0.7 ? `id${Math.floor(r() * 50)}` : undefined;
  switch (Math.floor(r() * 10)) {
    case 0:
      return { op: 'subscribe', id, topic, type: pick(r, TYPES), throttle_rate: pick(r, [0, 10, 1e9, -1, 1.5]), queue_length: pick(r, [0, 1, 1e9]), fragment_size: pick(r, [undefined, 1, 100, 1e9]), compression: pick(r, ['none', 'cbor', 'cbor-raw', 'png', 'zip']) };
    case 1:
      return { op: 'unsubscribe', id, topic };
    case 2:
      return { op: 'advertise', id, topic, type: pick(r, TYPES), latch: pick(r, [true, false, 'yes']) };
    case 3:
      return { op: 'publish', id, topic, msg: pick(r, [{ data: true }, { data: false }, { data: 'go' }, { linear: { x: pick(r, WEIRD) } }, {}, { data: pick(r, WEIRD) }]) };
    case 4:
      return { op: 'call_service', id, service: pick(r, SERVICES), type: pick(r, [undefined, 'std_srvs/srv/Empty', 'std_srvs/Trigger', 'x']), args: pick(r, [{}, { topic: '/scan' }, pick(r, WEIRD)]), timeout: pick(r, [undefined, 0.01, 1e9, -5]) };
    case 5:
      return { op: 'advertise_service', id, service: pick(r, SERVICES), type: pick(r, ['std_srvs/srv/Empty', 'std_srvs/srv/Trigger', 'x']) };
    case 6:
      return { op: 'service_response', id, service: pick(r, SERVICES), result: pick(r, [true, false]), values: pick(r, WEIRD) };
    case 7:
      return { op: 'fragment', id: id ?? 'f', data: pick(r, ['{"op":"sub', 'scribe","topic":"/scan"}', '', 'x'.repeat(1000)]), num: pick(r, [0, 1, 2, 1e9, -1]), total: pick(r, [1, 2, 3, 1e9]) };
    case 8:
      return { op: 'auth', mac: pick(r, ['', 'ab', 'x'.repeat(128)]), client: 'c', dest: 'd', rand: String(r()), t: pick(r, [0, Date.now() / 1000, 1e400, 'x']), level: 'admin', end: pick(r, [0, 1e12, { sec: 1 }, null]) };
    default:
      return { op: pick(r, ['set_level', 'status', 'fly', '', 'constructor', '__proto__', 'toString']), level: pick(r, ['info', 'error', 'none', 'loud']), id };
  }
}

function mutate(r: () => number, op: Record<string, unknown>): unknown {
  const o: Record<string, unknown> = { ...op };
  const keys = Object.keys(o);
  const k = r();
  if (k < 0.15 && keys.length) o[pick(r, keys)] = pick(r, WEIRD);
  else if (k < 0.25 && keys.length) delete o[pick(r, keys)];
  else if (k < 0.3) o[pick(r, ['extra', 'op', 'msg', '__proto__'])] = pick(r, WEIRD);
  else if (k < 0.33) return pick(r, WEIRD);
  return o;
}

const cbor = new Encoder({ mapsAsObjects: true, useRecords: false });

export interface FuzzFrame {
  data: string | Uint8Array;
  binary: boolean;
}

/** One fuzzed frame: a mutated op as JSON text or CBOR, or broken bytes. */
export function fuzzOpFrame(r: () => number): FuzzFrame {
  const v = mutate(r, validOp(r));
  const k = r();
  if (k < 0.6) {
    let text = JSON.stringify(v) ?? 'null';
    if (r() < 0.05) text = text.slice(0, Math.floor(r() * text.length));
    if (r() < 0.02) text = text.replace(/\d+/, '1e400');
    return { data: text, binary: false };
  }
  if (k < 0.95) {
    try {
      const bytes = cbor.encode(v);
      if (r() < 0.05) bytes[Math.floor(r() * bytes.length)] ^= 0xff;
      return { data: new Uint8Array(bytes), binary: true };
    } catch {
      return { data: '{', binary: false };
    }
  }
  const junk = new Uint8Array(1 + Math.floor(r() * 64));
  for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(r() * 256);
  // Binary junk; text junk as a string (a text frame that is not UTF-8 only gets the connection closed, 1007).
  return r() < 0.5 ? { data: junk, binary: true } : { data: String.fromCharCode(...junk), binary: false };
}
