import { describe, expect, it } from 'vitest';
import { defaultMessage } from '@navstack/msgs';
import { LocalContext } from './LocalContext.ts';
import { setLogSink } from '../logger.ts';

describe('local bus', () => {
  it('hands every subscriber the very object that was published (no copy, no serialization)', () => {
    const ctx = new LocalContext();
    const img = { ...defaultMessage('sensor_msgs/msg/Image'), data: new Uint8Array(640 * 480 * 3) };
    const seen: unknown[] = [];
    for (let i = 0; i < 3; i++) ctx.createNode(`s${i}`).createSubscription('sensor_msgs/msg/Image', 'camera/image_raw', {}, (m) => seen.push(m));
    ctx.createNode('camera').createPublisher('sensor_msgs/msg/Image', 'camera/image_raw').publish(img);
    expect(seen).toHaveLength(3);
    for (const m of seen) expect(m).toBe(img);
  });

  it('delivers before publish returns, and messages published from callbacks right after, in order', () => {
    const ctx = new LocalContext();
    const order: string[] = [];
    const relay = ctx.createNode('relay');
    const out = relay.createPublisher('std_msgs/msg/String', 'out');
    relay.createSubscription('std_msgs/msg/String', 'in', {}, (m) => {
      order.push(`in:${m.data}`);
      out.publish({ data: m.data });
      order.push(`relayed:${m.data}`);
    });
    ctx.createNode('sink').createSubscription('std_msgs/msg/String', 'out', {}, (m) => order.push(`out:${m.data}`));
    const pub = ctx.createNode('src').createPublisher('std_msgs/msg/String', 'in');
    pub.publish({ data: 'a' });
    order.push('returned');
    expect(order).toEqual(['in:a', 'relayed:a', 'out:a', 'returned']);
  });

  it('keeps only the newest `depth` messages queued for a subscription (KEEP_LAST)', () => {
    const ctx = new LocalContext();
    const burst = ctx.createNode('burst');
    const pub = burst.createPublisher('std_msgs/msg/Float32', 'burst');
    const got: number[] = [];
    ctx.createNode('slow').createSubscription('std_msgs/msg/Float32', 'burst', { qos: { depth: 2 } }, (m) => got.push(m.data));
    // 5 messages published from inside one callback queue up before the subscriber runs
    burst.createSubscription('std_msgs/msg/Empty', 'go', {}, () => {
      for (let i = 1; i <= 5; i++) pub.publish({ data: i });
    });
    ctx.createNode('trigger').createPublisher('std_msgs/msg/Empty', 'go').publish({});
    expect(got).toEqual([4, 5]);
  });

  it('keeps delivering to other subscribers when a callback throws, and logs the error', () => {
    const ctx = new LocalContext();
    const logs: string[] = [];
    const restore = setLogSink((l) => logs.push(l));
    try {
      const got: string[] = [];
      ctx.createNode('bad').createSubscription('std_msgs/msg/String', 't', {}, () => {
        throw new Error('boom');
      });
      ctx.createNode('good').createSubscription('std_msgs/msg/String', 't', {}, (m) => got.push(m.data));
      ctx.createNode('p').createPublisher('std_msgs/msg/String', 't').publish({ data: 'x' });
      expect(got).toEqual(['x']);
      expect(logs.join('\n')).toMatch(/subscription callback on '\/t' in \/bad threw: Error: boom/);
    } finally {
      setLogSink(restore);
    }
  });

  it('refuses a second type on a topic, naming both', () => {
    const ctx = new LocalContext();
    ctx.createNode('a').createPublisher('std_msgs/msg/String', 'x');
    expect(() => ctx.createNode('b').createSubscription('std_msgs/msg/Bool', 'x', {}, () => {})).toThrow(/topic '\/x' already has type std_msgs\/msg\/String; subscription in \/b asked for std_msgs\/msg\/Bool/);
  });
});
