import { describe, expect, it } from 'vitest';
import { checkParamsBlocks, LocalContext, parseParamsYaml, paramsForNode } from '@navstack/rcl';
import { CostmapServer } from '../costmap/CostmapServer.ts';
import { PlannerServer } from '../planner/PlannerServer.ts';
import { MiniSim, miniOccupancyGrid, room } from '../testing/MiniSim.ts';
import { NavHarness } from '../testing/NavHarness.ts';
import { TfBuffer } from '../tf/TfBuffer.ts';
import { bringDown, bringUp } from './lifecycle.ts';
import { NavigatorNode } from './NavigatorNode.ts';
import { NAVIGATOR_SCHEMA } from './params.ts';

const done = (h: NavHarness) => ['succeeded', 'aborted', 'canceled'].includes(h.navigator!.goal?.state ?? '');

describe('navigator plugins, chosen by name in the params file', () => {
  it('takes the planner, controller and recovery behaviours the params file names', async () => {
    const file = 'navigator:\n  ros__parameters:\n    planner_plugin: smooth_astar\n    controller_plugin: regulated_pure_pursuit\n    recovery_behaviors: [wait, spin]\n';
    const ctx = new LocalContext();
    const nav = new NavigatorNode(ctx.createNode('navigator', { parameterOverrides: paramsForNode(parseParamsYaml(file, 'lab.yaml'), '/navigator') }));
    expect(nav.planner.planner.name).toBe('smooth_astar');
    expect(nav.controller.controller.name).toBe('regulated_pure_pursuit');
    expect([0, 1, 2].map((k) => nav.behaviors.next(k)!.name)).toEqual(['wait', 'spin', 'wait']);
    nav.stop();
    await ctx.shutdown();
  });

  it('refuses unknown names, naming the parameter and the known plugins (at start and in a params file check)', async () => {
    const ctx = new LocalContext();
    expect(() => new NavigatorNode(ctx.createNode('nav1', { parameterOverrides: { planner_plugin: 'theta_star' } }))).toThrow(/parameter 'planner_plugin' = "theta_star" is not one of 'smooth_astar'/);
    expect(() => new NavigatorNode(ctx.createNode('nav2', { parameterOverrides: { controller_plugin: 'dwb' } }))).toThrow(/parameter 'controller_plugin' = "dwb" is not one of 'regulated_pure_pursuit'/);
    expect(() => new NavigatorNode(ctx.createNode('nav3', { parameterOverrides: { recovery_behaviors: ['spin', 'dance'] } }))).toThrow(
      /parameter 'recovery_behaviors' has "dance", not among 'clear_costmap', 'spin', 'back_up', 'wait'/,
    );
    const blocks = parseParamsYaml('navigator:\n  ros__parameters:\n    recovery_behaviors: [spin, backup]\n', 'lab.yaml');
    expect(checkParamsBlocks(blocks, [NAVIGATOR_SCHEMA])).toEqual([`lab.yaml: parameter 'recovery_behaviors' has "backup", not among 'clear_costmap', 'spin', 'back_up', 'wait'`]);
    await ctx.shutdown();
  });

  it('runs the recovery behaviours in the order recovery_behaviors gives, round robin; none configured: aborts at once', async () => {
    const pen = room(10, 10, [
      { kind: 'rect', x0: 7, y0: 7, x1: 9, y1: 7.1 },
      { kind: 'rect', x0: 7, y0: 8.9, x1: 9, y1: 9 },
      { kind: 'rect', x0: 7, y0: 7, x1: 7.1, y1: 9 },
      { kind: 'rect', x0: 8.9, y0: 7, x1: 9, y1: 9 },
    ]);
    const run = (recovery_behaviors: string[]) => {
      const sim = new MiniSim({ obstacles: pen, start: { x: 2, y: 2, yaw: 0 } });
      const h = new NavHarness({ sim, map: miniOccupancyGrid(sim, -0.5, -0.5, 11, 11), navigatorParams: { recovery_behaviors, max_recoveries: 3, wait_duration: 0.5 } });
      const recovering: string[] = [];
      h.io.createSubscription('diagnostic_msgs/msg/DiagnosticArray', 'goal_feedback', {}, (m) => {
        const name = /recovering \((\w+)\)/.exec(m.status[0]!.message)?.[1];
        if (name && recovering.at(-1) !== name) recovering.push(name);
      });
      h.run(0.5);
      h.sendGoal({ x: 8, y: 8, yaw: 0 });
      h.run(60, () => done(h));
      return { h, recovering, goal: h.navigator!.goal! };
    };
    const a = run(['wait', 'spin']);
    expect(a.recovering).toEqual(['wait', 'spin', 'wait']);
    expect(a.goal.state).toBe('aborted');
    expect(a.goal.reason).toMatch(/no path \(NO_VALID_PATH\).*gave up after 3 recoveries/);
    await a.h.close();
    const b = run([]);
    expect(b.recovering).toEqual([]);
    expect(b.goal.reason).toMatch(/no path \(NO_VALID_PATH\).*gave up after 0 recoveries/);
    await b.h.close();
  });
});

describe('navigator lifecycle', () => {
  it('a stopped navigator takes no goals and sends no commands', async () => {
    const sim = new MiniSim({ obstacles: room(8, 8), start: { x: 2, y: 2, yaw: 0 } });
    const h = new NavHarness({ sim });
    let commands = 0;
    h.io.createSubscription('geometry_msgs/msg/Twist', 'cmd_vel_nav', {}, () => commands++);
    h.sendGoal({ x: 6, y: 2, yaw: 0 });
    h.run(1);
    expect(commands).toBeGreaterThan(0);
    const goal = h.navigator!.goal!;
    h.navigator!.stop();
    commands = 0;
    h.sendGoal({ x: 2, y: 6, yaw: 0 });
    h.run(2);
    expect(commands).toBe(0);
    expect(h.navigator!.goal).toBe(goal);
    await h.close();
  });

  it('a part that fails to configure: those configured before it are cleaned up; bringDown releases what bringUp made', async () => {
    const ctx = new LocalContext();
    const node = ctx.createNode('navigator');
    const probe = ctx.createNode('probe');
    const costmap = new CostmapServer(() => {});
    const params = { ...NAVIGATOR_SCHEMA.defaults(), planner_plugin: 'theta_star' };
    const nav = { node, params, tf: new TfBuffer(), costmap, robotPose: () => undefined };
    expect(() => bringUp([costmap, new PlannerServer()], nav)).toThrow(/navigator: no planner_plugin named 'theta_star' \(known: smooth_astar\)/);
    expect(probe.getPublishersInfoByTopic!('/local_costmap')).toEqual([]);
    // the same parts with a known planner come up (the costmap publishes) and go down again
    const planner = new PlannerServer();
    bringUp([costmap, planner], { ...nav, params: NAVIGATOR_SCHEMA.defaults() });
    expect(probe.getPublishersInfoByTopic!('/local_costmap')).toHaveLength(1);
    expect(planner.planner.name).toBe('smooth_astar');
    bringDown([costmap, planner]);
    expect(probe.getPublishersInfoByTopic!('/local_costmap')).toEqual([]);
    expect(() => planner.planner).toThrow(/planner server: not configured/);
    await ctx.shutdown();
  });
});
