// The attack suite (issue 12): what a page from another site, a careless client or an attacker on the
// network tried against the bridge, as tests. The bridge runs as `navstack launch` runs it: in its
// worker thread, with the real ws/HTTP servers, on a local bus with stand-ins for the nodes it feeds.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Ros, Topic } from 'roslib';
import { LocalContext, type Node } from '@navstack/rcl';
import { encodeCbor } from './protocol/parse.ts';
import { serveBridge, type RunningBridge } from './serve.ts';
import { rawClient, sleep, until, waitFor, type RawClient } from './testing.ts';

let ctx: LocalContext;
let side: Node;
let bridge: RunningBridge;
const estop: boolean[] = [];
const teleop: number[] = [];
const cancels: number[] = [];
let resets = 0;
let reloads = 0;

/** One raw HTTP request; the status code, or 0 when the server closed without answering. */
function httpRaw(port: number, request: string | Buffer): Promise<{ status: number; head: string }> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let head = '';
    s.on('connect', () => s.end(request));
    s.on('data', (d) => (head += d.toString('latin1')));
    s.on('error', () => undefined);
    s.on('close', () => resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0), head }));
  });
}
const get = (p: string, headers: Record<string, string> = {}) =>
  httpRaw(bridge.httpPort!, `GET ${p} HTTP/1.1\r\n${Object.entries({ Host: `127.0.0.1:${bridge.httpPort}`, ...headers }).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\nConnection: close\r\n\r\n`);

/** A WebSocket upgrade with chosen headers: resolves open, or the HTTP status it was refused with. */
function upgrade(url: string, headers: Record<string, string>): Promise<{ ok: true; ws: WebSocket } | { ok: false; status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ ok: true, ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ ok: false, status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', () => resolve({ ok: false, status: 0 }));
  });
}

beforeAll(async () => {
  ctx = new LocalContext();
  side = ctx.createNode('robot_side');
  side.createSubscription('std_msgs/msg/Bool', '/estop', { qos: 'latched' }, (m) => estop.push(m.data));
  side.createSubscription('geometry_msgs/msg/Twist', '/cmd_vel_teleop', {}, (m) => teleop.push(m.linear.x));
  side.createSubscription('std_msgs/msg/Empty', '/goal_cancel', {}, () => cancels.push(1));
  side.createService('std_srvs/srv/Empty', '/reset_simulation', () => (resets++, {}));
  side.createService('std_srvs/srv/Trigger', '/policy/reload_model', () => (reloads++, { success: true, message: 'reloaded' }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'viewer-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<html>viewer</html>');
  bridge = await serveBridge(ctx.createNode('rosbridge_server'), { port: 0, httpPort: 0, viewerDir: dir, runtimeFile: false, maxConnections: 6, allowedOrigins: ['https://lab.example'] });
});

afterAll(async () => {
  await bridge.close();
  await ctx.shutdown();
});

describe('origin and host (a page from another site, DNS rebinding)', () => {
  it('refuses a WebSocket from another origin, even with the token; accepts the viewer origin and listed origins', async () => {
    const url = bridge.wsUrlWithToken;
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${bridge.port}`, `http://evil.example:${bridge.httpPort}`]) {
      const r = await upgrade(url, { Origin: origin });
      expect(r, origin).toEqual({ ok: false, status: 403 });
    }
    for (const origin of [`http://127.0.0.1:${bridge.httpPort}`, `http://localhost:${bridge.httpPort}`, 'https://lab.example']) {
      const r = await upgrade(url, { Origin: origin });
      expect(r.ok, origin).toBe(true);
      if (r.ok) r.ws.close();
    }
  });

  it('refuses a Host that does not name this server (DNS rebinding), on the WebSocket and on HTTP', async () => {
    const r = await upgrade(bridge.wsUrl, { Host: `evil.example:${bridge.port}` });
    expect(r).toEqual({ ok: false, status: 403 });
    expect((await get('/', { Host: `rebind.evil.example:${bridge.httpPort}` })).status).toBe(403);
    expect((await get('/bridge.json', { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/', { Host: `localhost:${bridge.httpPort}` })).status).toBe(200);
    expect((await httpRaw(bridge.httpPort!, 'GET / HTTP/1.0\r\n\r\n')).status).toBe(403);
  });
});

describe('the token: without it a client may watch, not drive', () => {
  let anon: RawClient;
  beforeAll(async () => {
    anon = await rawClient(bridge.wsUrl);
  });
  afterAll(() => anon.close());
  const status = (c: RawClient) => c.next((m) => m.op === 'status');

  it('may subscribe, but may not publish, call a service, offer a service, or release the e-stop', async () => {
    const pub = side.createPublisher('std_msgs/msg/String', '/watched');
    anon.send({ op: 'subscribe', topic: '/watched', type: 'std_msgs/msg/String' });
    await until(async () => (await bridge.stats()).relays.some((r) => r.topic === '/watched'));
    pub.publish({ data: 'visible' });
    expect(((await anon.next((m) => m.op === 'publish')).msg as { data: string }).data).toBe('visible');

    anon.send({ op: 'publish', topic: '/cmd_vel_teleop', msg: { linear: { x: 1 } } });
    expect((await status(anon)).msg).toMatch(/'publish' on '\/cmd_vel_teleop' refused: this client has no token/);
    anon.send({ op: 'call_service', id: 'c1', service: '/reset_simulation' });
    expect((await status(anon)).msg).toMatch(/'call_service' of '\/reset_simulation' refused/);
    anon.send({ op: 'advertise_service', service: '/reset_simulation', type: 'std_srvs/srv/Empty' });
    expect((await status(anon)).msg).toMatch(/refused/);
    anon.send({ op: 'publish', topic: '/estop', msg: { data: false } });
    expect((await status(anon)).msg).toMatch(/'publish' on '\/estop' refused/);
    await sleep(100);
    expect(teleop).toEqual([]);
    expect(resets).toBe(0);
    expect(estop).not.toContain(false);
  });

  it('may engage the e-stop (without latch: the bridge publishes it latched, so the safety node hears it)', async () => {
    anon.send({ op: 'advertise', topic: '/estop', type: 'std_msgs/msg/Bool', latch: false });
    anon.send({ op: 'publish', topic: '/estop', msg: { data: true } });
    await waitFor(() => estop.at(-1) === true);
  });

  it('a wrong token is no token; the token as ?token= or an Authorization header gives control', async () => {
    const wrong = await rawClient(`${bridge.wsUrl}/?token=${'x'.repeat(bridge.token.length)}`);
    wrong.send({ op: 'publish', topic: '/cmd_vel_teleop', msg: { linear: { x: 1 } } });
    expect((await status(wrong)).msg).toMatch(/refused/);
    await wrong.close();
    const viaHeader = await upgrade(bridge.wsUrl, { Authorization: `token ${bridge.token}` });
    expect(viaHeader.ok).toBe(true);
    if (viaHeader.ok) {
      viaHeader.ws.send(JSON.stringify({ op: 'publish', topic: '/cmd_vel_teleop', msg: { linear: { x: 0.3 } } }));
      await waitFor(() => teleop.includes(0.3));
      viaHeader.ws.close();
    }
  });

  it('a standard roslib client with the token drives, cancels a goal and releases the e-stop', async () => {
    const ros = new Ros({});
    await new Promise<void>((resolve, reject) => {
      ros.once('connection', () => resolve());
      ros.once('error', reject);
      void ros.connect(bridge.wsUrlWithToken);
    });
    new Topic({ ros, name: '/cmd_vel_teleop', messageType: 'geometry_msgs/msg/Twist' }).publish({ linear: { x: 0.2, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
    new Topic({ ros, name: '/goal_cancel', messageType: 'std_msgs/msg/Empty' }).publish({});
    new Topic({ ros, name: '/estop', messageType: 'std_msgs/msg/Bool' }).publish({ data: false });
    await waitFor(() => teleop.includes(0.2) && cancels.length === 1 && estop.at(-1) === false);
    ros.close();
  });
});

describe('services: an allowlist beside the topic allowlist', () => {
  it('calls an allowlisted service; refuses others even with the token', async () => {
    const c = await rawClient(bridge.wsUrlWithToken);
    c.send({ op: 'call_service', id: 'r', service: '/reset_simulation' });
    expect(await c.next((m) => m.op === 'service_response')).toMatchObject({ id: 'r', result: true });
    expect(resets).toBe(1);
    c.send({ op: 'call_service', id: 'p', service: '/policy/reload_model' });
    expect(await c.next((m) => m.op === 'service_response')).toMatchObject({ id: 'p', result: false, values: expect.stringMatching(/not in the bridge's service_allowlist/) });
    c.send({ op: 'advertise_service', service: '/free_name', type: 'std_srvs/srv/Trigger' });
    expect((await c.next((m) => m.op === 'status')).msg).toMatch(/not in the bridge's service_allowlist/);
    expect(reloads).toBe(0);
    await c.close();
  });
});

describe('publishes that cannot be delivered as asked are reported', () => {
  it('a publish no node hears gets a status error; a wrong type on a pinned topic is refused, so nothing squats it', async () => {
    const c = await rawClient(bridge.wsUrlWithToken);
    c.send({ op: 'publish', id: 'i1', topic: '/instruction', msg: { data: 'anyone?' } });
    expect(await c.next((m) => m.op === 'status')).toMatchObject({ id: 'i1', msg: expect.stringMatching(/no node subscribes to '\/instruction'/) });
    c.send({ op: 'advertise', topic: '/estop', type: 'std_msgs/msg/String', latch: true });
    expect((await c.next((m) => m.op === 'status')).msg).toMatch(/'\/estop' carries std_msgs\/msg\/Bool/);
    await c.close();
  });

  it('null, 1e400 and a CBOR NaN in a float field are refused, naming the field', async () => {
    const c = await rawClient(bridge.wsUrlWithToken);
    c.sendText('{"op":"publish","topic":"/cmd_vel_teleop","msg":{"linear":{"x":1e400}}}');
    expect((await c.next((m) => m.op === 'status')).msg).toMatch(/field 'linear\.x' is Infinity/);
    c.send({ op: 'publish', topic: '/cmd_vel_teleop', msg: { linear: { x: null } } });
    expect((await c.next((m) => m.op === 'status')).msg).toMatch(/field 'linear\.x' is null/);
    c.ws.send(encodeCbor({ op: 'publish', topic: '/cmd_vel_teleop', msg: { angular: { z: NaN } } }), { binary: true });
    expect((await c.next((m) => m.op === 'status')).msg).toMatch(/field 'angular\.z' is NaN/);
    await sleep(50);
    expect(teleop.every((x) => Number.isFinite(x))).toBe(true);
    await c.close();
  });
});

describe('bounded per-client costs', () => {
  it('subscribe ids are capped; huge throttle/queue and tiny fragment sizes are clamped', async () => {
    const c = await rawClient(bridge.wsUrlWithToken);
    c.send({ op: 'set_level', level: 'warning' });
    for (let i = 0; i < 40; i++) c.send({ op: 'subscribe', id: `s${i}`, topic: '/watched', type: 'std_msgs/msg/String' });
    await until(() => c.received.filter((m) => m.op === 'status' && /ids already/.test(String(m.msg))).length === 40 - 16, 5000, 'id refusals');
    c.send({ op: 'subscribe', id: 'big', topic: '/tiny_frag', type: 'std_msgs/msg/String', fragment_size: 1, throttle_rate: 1e12, queue_length: 1e9 });
    expect((await c.next((m) => m.op === 'status' && /fragment_size 1 raised/.test(String(m.msg)))).level).toBe('warning');
    await c.close();
  });

  it('pending service calls are capped per client, and their timeout too', async () => {
    const ctx2 = new LocalContext();
    ctx2.createNode('slow').createService('std_srvs/srv/Trigger', '/slow', () => new Promise<never>(() => undefined));
    const b = await serveBridge(ctx2.createNode('b'), { port: 0, httpPort: -1, serviceAllowlist: ['/slow'], maxServiceTimeoutSeconds: 1, runtimeFile: false });
    const c = await rawClient(b.wsUrlWithToken);
    for (let i = 0; i < 20; i++) c.send({ op: 'call_service', id: `c${i}`, service: '/slow', timeout: 1e9 });
    for (let i = 0; i < 4; i++) expect((await c.next((m) => m.op === 'service_response')).values).toMatch(/16 service calls waiting already/);
    // The others time out after the capped 1 s, not 1e9 s.
    const late = await c.next((m) => m.op === 'service_response', 5000);
    expect(late.result).toBe(false);
    await c.close();
    await b.close();
    await ctx2.shutdown();
  });

  it('refuses connections past max_connections with HTTP 503 (a client with the token still gets in)', async () => {
    const open: RawClient[] = [];
    for (let i = 0; i < 6; i++) open.push(await rawClient(bridge.wsUrl));
    expect(await upgrade(bridge.wsUrl, {})).toEqual({ ok: false, status: 503 });
    const op = await upgrade(bridge.wsUrlWithToken, {});
    expect(op.ok).toBe(true);
    if (op.ok) op.ws.close();
    for (const c of open) await c.close();
  });

  it('reassembles client fragment ops within bounds', async () => {
    const c = await rawClient(bridge.wsUrlWithToken);
    const json = JSON.stringify({ op: 'publish', topic: '/cmd_vel_teleop', msg: { linear: { x: 0.42 } } });
    const parts = [json.slice(0, 20), json.slice(20, 45), json.slice(45)];
    parts.forEach((data, num) => c.send({ op: 'fragment', id: 'fr1', data, num, total: 3 }));
    await waitFor(() => teleop.includes(0.42));
    c.send({ op: 'fragment', id: 'huge', data: 'x', num: 0, total: 1e9 });
    expect((await c.next((m) => m.op === 'status')).msg).toMatch(/cannot fit max_message_size/);
    for (let i = 0; i < 5; i++) c.send({ op: 'fragment', id: `open${i}`, data: '{', num: 0, total: 2 });
    expect((await c.next((m) => m.op === 'status')).msg).toMatch(/4 fragmented messages are already being reassembled/);
    await c.close();
  });
});

describe('HTTP: every malformed request is answered, none reaches an uncaught exception', () => {
  it('GET /%00, traversal forms, bad methods, long URLs and broken requests get 4xx, and the server stays up', async () => {
    const cases: [string | Buffer, number][] = [
      [`GET /%00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, 400],
      [`GET /%00.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, 400],
      [`GET /..%2f..%2fetc%2fpasswd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, 403],
      [`GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, 404], // the dots resolve inside the root
      [`GET /..%5c..%5cetc HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, 400],
      [`GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, 400],
      [`GET /${'a'.repeat(5000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, 414],
      [`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n`, 405],
      [`GET * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`, 400],
      [`GARBAGE\r\n\r\n`, 400],
      [`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: ${'b'.repeat(20_000)}\r\n\r\n`, 431],
      [Buffer.from([0x16, 0x03, 0x01, 0x00, 0x10, 0x0d, 0x0a, 0x0d, 0x0a]), 400],
    ];
    for (const [req, want] of cases) expect((await httpRaw(bridge.httpPort!, req)).status, String(req).slice(0, 40)).toBe(want);
    const ok = await get('/');
    expect(ok.status).toBe(200);
    expect(ok.head).toMatch(/x-frame-options: DENY/i);
    expect((await httpRaw(bridge.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)).status).toBe(426);
    expect((await bridge.stats()).restarts).toBe(0);
  });
});

describe('navstack run with a missing secret', () => {
  it('prints one clear line and exits 1, no stack trace', () => {
    const bin = fileURLToPath(new URL('../../cli/bin/navstack.js', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'run', 'navstack', 'rosbridge_server', '--ros-args', '-p', 'auth_secret_file:=/nonexistent/secret', '-p', 'port:=0', '-p', 'http_port:=-1'], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^navstack run: .*rosbridge_server: cannot read the auth secret from auth_secret_file '\/nonexistent\/secret' \(ENOENT\)/);
  });
});
