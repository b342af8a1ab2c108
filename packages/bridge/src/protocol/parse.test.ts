import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, fragmentJson, parseClientFrame, parseClientOp, statusPasses } from './parse.ts';
import { checkAuth, computeAuthMac, isLoopbackAddress } from './auth.ts';

describe('parse', () => {
  it('accepts every client op of the protocol', () => {
    const ops = [
      { op: 'advertise', topic: '/a', type: 'std_msgs/String' },
      { op: 'unadvertise', topic: '/a' },
      { op: 'publish', topic: '/a', msg: {} },
      { op: 'subscribe', topic: '/a', type: 'std_msgs/String', throttle_rate: 10, queue_length: 2, fragment_size: 100, compression: 'cbor' },
      { op: 'unsubscribe', topic: '/a' },
      { op: 'call_service', service: '/s', args: {} },
      { op: 'service_response', service: '/s', id: '1', result: true, values: {} },
      { op: 'advertise_service', service: '/s', type: 'std_srvs/Trigger' },
      { op: 'unadvertise_service', service: '/s' },
      { op: 'set_level', level: 'info' },
      { op: 'status', level: 'error', msg: 'x' },
      { op: 'auth', mac: 'm', client: 'c', dest: 'd', rand: 'r', t: 1, level: 'admin', end: { sec: 2, nanosec: 0 } },
    ];
    for (const op of ops) expect(parseClientOp(op)).toMatchObject({ ok: true });
  });

  it('names the op and the field of a bad op', () => {
    expect(parseClientOp({ op: 'subscribe', topic: '/a', compression: 'zip' })).toMatchObject({ ok: false, error: expect.stringMatching(/invalid 'subscribe' op: field 'compression'/) });
    expect(parseClientOp({ op: 'publish', topic: '/a' })).toMatchObject({ ok: false, error: expect.stringMatching(/field 'msg'/) });
    expect(parseClientOp([1])).toMatchObject({ ok: false });
  });

  it('decodes CBOR frames from clients', () => {
    const r = parseClientFrame(encodeCbor({ op: 'publish', topic: '/a', msg: { data: new Float32Array([1, 2]) } }), true);
    expect(r.ok && r.op.op === 'publish' && (r.op.msg as { data: Float32Array }).data).toBeInstanceOf(Float32Array);
    expect(decodeCbor(encodeCbor({ a: new Uint8Array([1]) }))).toEqual({ a: new Uint8Array([1]) });
  });

  it('fragments long JSON into ordered pieces', () => {
    const json = JSON.stringify({ op: 'publish', topic: '/t', msg: { data: 'y'.repeat(100) } });
    const frags = fragmentJson(json, 30, 'id1').map((b) => JSON.parse(b.toString()));
    expect(frags.map((f) => f.data).join('')).toBe(json);
    expect(frags.every((f, i) => f.num === i && f.total === frags.length && f.id === 'id1')).toBe(true);
  });

  it('status levels follow rosbridge', () => {
    expect(statusPasses('error', 'error')).toBe(true);
    expect(statusPasses('warning', 'error')).toBe(false);
    expect(statusPasses('info', 'info')).toBe(true);
    expect(statusPasses('error', 'none')).toBe(false);
  });
});

describe('auth', () => {
  it('loopback is 127.0.0.0/8, ::1 and localhost only', () => {
    for (const a of ['127.0.0.1', '127.0.0.2', '::1', 'localhost', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['0.0.0.0', '::', '192.168.1.5', '10.0.0.1']) expect(isLoopbackAddress(a)).toBe(false);
  });
  it('checks MAC, time and end', () => {
    const now = 1_000_000;
    const f = { client: 'c', dest: 'd', rand: 'r', t: now, level: 'user', end: now + 60 };
    expect(checkAuth({ op: 'auth', mac: computeAuthMac('s', f), ...f }, 's', now)).toBeUndefined();
    expect(checkAuth({ op: 'auth', mac: computeAuthMac('s', f), ...f }, 's', now + 100)).toMatch(/time t=/);
    expect(checkAuth({ op: 'auth', mac: computeAuthMac('s', { ...f, end: now - 1 }), ...f, end: now - 1 }, 's', now)).toMatch(/end time/);
    expect(checkAuth({ op: 'auth', mac: computeAuthMac('x', f), ...f }, 's', now)).toMatch(/MAC/);
  });
});
