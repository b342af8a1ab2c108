// The bounded fuzzer in CI: fuzzed HTTP requests on both ports and fuzzed rosbridge ops (JSON and
// CBOR, with and without the token) against the bridge in its worker thread. Every HTTP request gets
// an answer, the bridge never restarts, and it still serves a normal client afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalContext } from '@navstack/rcl';
import { fuzzHttp, fuzzOpFrame, rng } from './fuzz.ts';
import { serveBridge, type RunningBridge } from './serve.ts';
import { rawClient, sleep } from './testing.ts';

const HTTP_REQUESTS = 1000;
const OPS = 6000;
let ctx: LocalContext;
let bridge: RunningBridge;

beforeAll(async () => {
  ctx = new LocalContext();
  const side = ctx.createNode('side');
  side.createSubscription('std_msgs/msg/Bool', '/estop', { qos: 'latched' }, () => undefined);
  side.createService('std_srvs/srv/Empty', '/reset_simulation', () => ({}));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'viewer-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<html>viewer</html>');
  bridge = await serveBridge(ctx.createNode('rosbridge_server'), { port: 0, httpPort: 0, viewerDir: dir, runtimeFile: false, maxOpRate: 1e6 });
});

afterAll(async () => {
  await bridge.close();
  await ctx.shutdown();
});

describe('fuzzer (bounded, seeded)', () => {
  it(`${HTTP_REQUESTS} fuzzed HTTP requests on the viewer and rosbridge ports: every one answered`, async () => {
    const viewer = await fuzzHttp('127.0.0.1', bridge.httpPort!, HTTP_REQUESTS, 1);
    const ws = await fuzzHttp('127.0.0.1', bridge.port, HTTP_REQUESTS / 3, 2);
    console.log(`HTTP fuzz: viewer ${JSON.stringify(viewer)}; rosbridge port ${JSON.stringify(ws)}`);
    expect(viewer.sent).toBe(HTTP_REQUESTS);
    expect(viewer.unanswered).toBe(0);
    expect(ws.unanswered).toBe(0);
    expect(viewer.statuses['500'] ?? 0).toBe(0);
    expect((await bridge.stats()).restarts).toBe(0);
  });

  it(`${OPS} fuzzed rosbridge ops (JSON and CBOR, with and without the token): no restart, still serving`, async () => {
    const r = rng(3);
    const urls = [bridge.wsUrl, bridge.wsUrlWithToken];
    const open = async (url: string) => {
      const c = await rawClient(url);
      c.ws.on('error', () => undefined);
      return c;
    };
    const clients = [await open(urls[0]!), await open(urls[1]!)];
    let sent = 0;
    let reconnects = 0;
    for (let i = 0; i < OPS; i++) {
      let c = clients[i % 2]!;
      if (c.ws.readyState !== c.ws.OPEN) {
        // A bad MAC (auth op) or a text frame that is not UTF-8 (close 1007) ends a connection: the fuzzer comes back.
        c = clients[i % 2] = await open(urls[i % 2]!);
        reconnects++;
      }
      const f = fuzzOpFrame(r);
      c.ws.send(f.data, { binary: f.binary });
      sent++;
      if (i % 5 === 0) await sleep(0);
    }
    const probe = await rawClient(bridge.wsUrlWithToken);
    probe.send({ op: 'call_service', id: 'alive', service: '/rosapi/topics' });
    expect((await probe.next((m) => m.op === 'service_response' && m.id === 'alive', 15_000)).result).toBe(true);
    const st = await bridge.stats();
    console.log(`op fuzz: ${sent} frames sent (${reconnects} reconnects), ${st.frames} handled (the rest reached a connection already closing); ${st.errors} answered with a status error (${st.refused} malformed or not allowed); restarts ${st.restarts}`);
    expect(sent).toBe(OPS);
    expect(st.frames).toBeGreaterThan(sent * 0.5);
    expect(st.errors).toBeGreaterThan(st.frames / 3);
    expect(st.restarts).toBe(0);
    for (const c of [...clients, probe]) await c.close();
  }, 60_000);
});
