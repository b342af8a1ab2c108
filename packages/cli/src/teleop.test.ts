// navstack teleop's path for real: keys -> RosbridgeNode -> rosbridge server -> safety -> simulator.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { findLocalBridgeToken, withToken } from '@navstack/bridge';
import { runKeyboardTeleop } from '@navstack/nav';
import { connectRosbridge, RosbridgeNode } from './RosbridgeNode.ts';
import { launchSimScenario, type LaunchedScenario } from './testing.ts';

describe('navstack teleop through rosbridge', () => {
  let scenario: LaunchedScenario | undefined;
  afterEach(async () => {
    await scenario?.stop();
  });

  it('drives the simulated robot with keys and stops it with k', async () => {
    // Port 0: the system picks a free one (a fixed one can be taken by another job on the machine).
    scenario = await launchSimScenario({ world: 'empty_room', port: '0', http_port: '-1' });
    const { ctx } = scenario;
    const url = /listening on (ws:\/\/\S+)/.exec(scenario.logs.join('\n'))?.[1] ?? '';
    expect(url, 'the bridge says where it listens').not.toBe('');
    let x = NaN;
    let vx = NaN;
    const watcher = ctx.createNode('watcher', { parameterOverrides: { use_sim_time: true } });
    watcher.createSubscription('nav_msgs/msg/Odometry', 'odom', {}, (m) => {
      x = m.pose.pose.position.x;
      vx = m.twist.twist.linear.x;
    });

    // As `navstack teleop` does: the token comes from the runtime file of the navstack running here.
    const token = findLocalBridgeToken(url);
    expect(token, 'the bridge runtime file with the token').toBeDefined();
    const node = new RosbridgeNode(await connectRosbridge(withToken(url, token)), 'teleop_keyboard');
    const keys = new PassThrough();
    const screen = new PassThrough();
    const done = runKeyboardTeleop(node, keys, screen);
    // The simulator's first odom can come late on a loaded machine.
    for (let i = 0; i < 100 && Number.isNaN(x); i++) await new Promise((r) => setTimeout(r, 50));
    const x0 = x;
    // Forward, as a held key repeats (for up to 10 s: a loaded machine runs the simulator slower).
    for (let i = 0; i < 100 && !(x - x0 > 0.05); i++) {
      keys.write('i');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(x - x0).toBeGreaterThan(0.05);
    keys.write('k');
    await new Promise((r) => setTimeout(r, 800));
    expect(Math.abs(vx)).toBeLessThan(0.01);
    keys.write('\u0003');
    await done;
    node.destroy();
  });
});
