import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { LocalContext } from '@navstack/rcl';
import { timeFromSeconds } from '@navstack/msgs';
import { runKeyboardTeleop, TeleopKeys, TELEOP_DEFAULTS } from './teleop.ts';
import { executables } from './index.ts';
import { SAFETY_PARAMS } from './safety/SafetyNode.ts';

describe('TeleopKeys', () => {
  it('maps keys to motions, speed steps and stop', () => {
    const k = new TeleopKeys();
    expect(k.key('i')).toMatchObject({ kind: 'move', linear: 0.25, angular: 0 });
    expect(k.key('q').linear).toBeCloseTo(0.275);
    expect(k.key('j')).toMatchObject({ kind: 'move', linear: 0 });
    expect(k.key('j').angular).toBeCloseTo(1.1);
    expect(k.key(',').linear).toBeCloseTo(-0.275);
    expect(k.key('k')).toMatchObject({ kind: 'stop', linear: 0, angular: 0 });
    for (let i = 0; i < 50; i++) k.key('w');
    expect(k.linearSpeed).toBe(0.5); // capped
    expect(k.key('?').kind).toBe('ignored');
    expect(k.key('\u0003').kind).toBe('quit');
  });
});

describe('runKeyboardTeleop', () => {
  it('publishes cmd_vel_teleop while a key is active, then zeros, then silence; quits on Ctrl-C', async () => {
    const ctx = new LocalContext();
    const clockNode = ctx.createNode('clock');
    const clock = clockNode.createPublisher('rosgraph_msgs/msg/Clock', '/clock', { qos: 'clock' });
    const node = ctx.createNode('teleop', { parameterOverrides: { use_sim_time: true } });
    const got: { t: number; v: number; w: number }[] = [];
    let t = 0;
    clockNode.createSubscription('geometry_msgs/msg/Twist', 'cmd_vel_teleop', {}, (m) => got.push({ t, v: m.linear.x, w: m.angular.z }));
    const input = new EventEmitter();
    let text = '';
    const done = runKeyboardTeleop(node, input as never, { write: (s: string) => (text += s) });
    const advance = (s: number) => {
      for (const end = t + s; t < end - 1e-9; ) {
        t += 0.01;
        clock.publish({ clock: timeFromSeconds(t) });
      }
    };
    expect(text).toMatch(/cmd_vel_teleop/);
    input.emit('data', Buffer.from('i'));
    expect(got.at(-1)).toMatchObject({ v: 0.25, w: 0 });
    advance(0.5);
    const moving = got.filter((g) => g.v === 0.25);
    expect(moving.length).toBeGreaterThanOrEqual(0.5 * TELEOP_DEFAULTS.rate); // 20 Hz
    // repeated often enough for the safety node's deadman: several messages per source_timeout
    const gaps = moving.slice(1).map((g, i) => g.t - moving[i]!.t);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1 / TELEOP_DEFAULTS.rate + 1e-6);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(SAFETY_PARAMS.source_timeout / 4);
    advance(1.0); // key timeout 0.6 s
    expect(got.at(-1)).toMatchObject({ v: 0, w: 0 });
    const n = got.length;
    advance(2.0);
    expect(got.length).toBe(n); // silent: autonomy may take over
    input.emit('data', 'l');
    expect(got.at(-1)!.w).toBe(-1);
    input.emit('data', ' ');
    expect(got.at(-1)).toMatchObject({ v: 0, w: 0 });
    input.emit('data', '\u0003');
    await done;
    await ctx.shutdown();
  });
});

describe('executables', () => {
  it('exports navigator and safety for navstack launch', () => {
    expect(executables.map((e) => `${e.pkg}/${e.exec}`)).toEqual(['navstack/navigator', 'navstack/safety']);
  });
});
