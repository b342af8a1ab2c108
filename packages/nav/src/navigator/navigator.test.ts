import { describe, expect, it } from 'vitest';
import { action_msgs } from '@navstack/msgs';
import { MiniSim, miniOccupancyGrid, room } from '../testing/MiniSim.ts';
import { NavHarness } from '../testing/NavHarness.ts';

function done(h: NavHarness): boolean {
  const s = h.navigator!.goal?.state;
  return s === 'succeeded' || s === 'aborted' || s === 'canceled';
}

describe('navigator (MiniSim, sim time)', () => {
  it('reaches a goal around a wall, publishes plan, local_costmap, status and feedback', async () => {
    const sim = new MiniSim({ obstacles: room(10, 8, [{ kind: 'rect', x0: 4, y0: 0, x1: 4.3, y1: 5.5 }, { kind: 'circle', x: 7, y: 5, r: 0.4 }]), start: { x: 1, y: 1, yaw: 0 } });
    const h = new NavHarness({ sim });
    const statuses: number[] = [];
    const feedback: Record<string, string>[] = [];
    let plans = 0;
    let costmaps = 0;
    let cmdNav = 0;
    h.io.createSubscription('action_msgs/msg/GoalStatusArray', 'goal_status', { qos: 'latched' }, (m) => {
      const s = m.status_list.at(-1)?.status;
      if (s !== undefined && statuses.at(-1) !== s) statuses.push(s);
    });
    h.io.createSubscription('diagnostic_msgs/msg/DiagnosticArray', 'goal_feedback', {}, (m) => feedback.push(Object.fromEntries(m.status[0]!.values.map((kv) => [kv.key, kv.value]))));
    h.io.createSubscription('nav_msgs/msg/Path', 'plan', {}, (m) => m.poses.length > 0 && plans++);
    h.io.createSubscription('nav_msgs/msg/OccupancyGrid', 'local_costmap', {}, (m) => {
      expect(m.info.width * m.info.height).toBe(m.data.length);
      costmaps++;
    });
    h.io.createSubscription('geometry_msgs/msg/Twist', 'cmd_vel_nav', {}, () => cmdNav++);
    let len = 0;
    let last = sim.pose();
    h.sendGoal({ x: 8.5, y: 1.5, yaw: Math.PI / 2 });
    const t0 = h.time;
    h.run(90, () => done(h), () => {
      const p = sim.pose();
      len += Math.hypot(p.x - last.x, p.y - last.y);
      last = p;
    });
    const elapsed = h.time - t0;
    expect(h.navigator!.goal!.state).toBe('succeeded');
    expect(sim.collisions).toBe(0);
    const p = sim.pose();
    expect(Math.hypot(p.x - 8.5, p.y - 1.5)).toBeLessThan(0.2);
    expect(Math.abs(p.yaw - Math.PI / 2)).toBeLessThan(0.25);
    expect(len).toBeLessThan(1.3 * 11.8);
    expect(statuses).toEqual([action_msgs.GoalStatus.STATUS_ACCEPTED, action_msgs.GoalStatus.STATUS_EXECUTING, action_msgs.GoalStatus.STATUS_SUCCEEDED]);
    expect(plans).toBeGreaterThanOrEqual(1);
    expect(costmaps).toBeGreaterThan(0);
    expect(cmdNav / elapsed).toBeGreaterThanOrEqual(19.5);
    expect(Number(feedback[0]!.distance_remaining)).toBeGreaterThan(8);
    expect(feedback.at(-1)!.state).toBe('succeeded');
    expect(Number(feedback.at(-1)!.time_elapsed)).toBeCloseTo(elapsed, 0);
    await h.close();
  });

  it('a new goal pre-empts the current one', async () => {
    const sim = new MiniSim({ obstacles: room(10, 10), start: { x: 2, y: 2, yaw: 0 } });
    const h = new NavHarness({ sim });
    h.sendGoal({ x: 8, y: 2, yaw: 0 });
    h.run(3);
    const first = h.navigator!.goal!;
    expect(first.state).toBe('active');
    h.sendGoal({ x: 2, y: 8, yaw: 0 }, 'odom');
    expect(first.state).toBe('canceled');
    expect(first.reason).toMatch(/preempted/);
    h.run(60, () => done(h));
    expect(h.navigator!.goal!.state).toBe('succeeded');
    expect(Math.hypot(sim.pose().x - 2, sim.pose().y - 8)).toBeLessThan(0.2);
    await h.close();
  });

  it('aborts with a reason: unknown frame, goal outside the costmap, no path (after recoveries)', async () => {
    const sim = new MiniSim({
      obstacles: room(10, 10, [
        // a closed pen around (8, 8)
        { kind: 'rect', x0: 7, y0: 7, x1: 9, y1: 7.1 },
        { kind: 'rect', x0: 7, y0: 8.9, x1: 9, y1: 9 },
        { kind: 'rect', x0: 7, y0: 7, x1: 7.1, y1: 9 },
        { kind: 'rect', x0: 8.9, y0: 7, x1: 9, y1: 9 },
      ]),
      start: { x: 2, y: 2, yaw: 0 },
    });
    // the pen is on the static map (with only the lidar, unknown space is optimistic and the robot would explore)
    const h = new NavHarness({ sim, map: miniOccupancyGrid(sim, -0.5, -0.5, 11, 11), navigatorParams: { max_recoveries: 2, wait_duration: 0.5 } });
    h.run(0.5);
    h.sendGoal({ x: 1, y: 1, yaw: 0 }, 'nowhere');
    expect(h.navigator!.goal!.state).toBe('aborted');
    expect(h.navigator!.goal!.reason).toMatch(/cannot transform the goal from frame 'nowhere'/);
    h.sendGoal({ x: 500, y: 1, yaw: 0 });
    h.run(1, () => done(h));
    expect(h.navigator!.goal!.state).toBe('aborted');
    expect(h.navigator!.goal!.reason).toMatch(/GOAL_OUTSIDE_MAP/);
    h.sendGoal({ x: 8, y: 8, yaw: 0 });
    h.run(60, () => done(h));
    expect(h.navigator!.goal!.state).toBe('aborted');
    expect(h.navigator!.goal!.reason).toMatch(/no path \(NO_VALID_PATH\).*gave up after 2 recoveries/);
    expect(sim.collisions).toBe(0);
    await h.close();
  });

  it('replans around an obstacle that appears on the path', async () => {
    const obstacles = room(12, 6);
    const sim = new MiniSim({ obstacles, start: { x: 1, y: 3, yaw: 0 } });
    const h = new NavHarness({ sim });
    h.sendGoal({ x: 11, y: 3, yaw: 0 });
    h.run(4);
    const before = h.navigator!.path.slice();
    expect(before.every((p) => Math.abs(p.y - 3) < 0.3)).toBe(true);
    obstacles.push({ kind: 'rect', x0: 6, y0: 1.5, x1: 6.5, y1: 4.5 });
    h.run(60, () => done(h));
    expect(h.navigator!.goal!.state).toBe('succeeded');
    expect(sim.collisions).toBe(0);
    await h.close();
  });

  it('takes a static map on `map` into the costmap and plans through known space', async () => {
    const sim = new MiniSim({ obstacles: room(10, 10), start: { x: 1, y: 5, yaw: 0 } });
    const res = 0.1;
    const data = new Int8Array(100 * 100);
    for (let j = 0; j < 100; j++) for (let i = 0; i < 100; i++) if (i === 50 && j < 80) data[j * 100 + i] = 100;
    const map = {
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'map' },
      info: { map_load_time: { sec: 0, nanosec: 0 }, resolution: res, width: 100, height: 100, origin: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
      data,
    };
    const h = new NavHarness({ sim, map });
    h.sendGoal({ x: 9, y: 5, yaw: 0 });
    h.run(1);
    // the plan goes around the mapped wall (which the lidar cannot see: it is not in the sim)
    expect(h.navigator!.path.some((p) => p.y > 8)).toBe(true);
    await h.close();
  });
});

describe('navigator static map from an SDF world', () => {
  it('map_from_world publishes the world geometry on map and the navigator loads it into the costmap, through the executables', async () => {
    const { LocalContext } = await import('@navstack/rcl');
    const { mapFromWorldExecutable } = await import('@navstack/sim');
    const { navigatorExecutable } = await import('./NavigatorNode.ts');
    const ctx = new LocalContext();
    const io = ctx.createNode('io');
    io.createPublisher('tf2_msgs/msg/TFMessage', '/tf_static', { qos: 'latched' }).publish({
      transforms: [{ header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'map' }, child_frame_id: 'odom', transform: { translation: { x: 0, y: 0, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } } }],
    });
    await mapFromWorldExecutable.start(ctx.createNode('map_from_world', { parameterOverrides: { world: 'maze' } }));
    const node = ctx.createNode('navigator');
    const nav = (await navigatorExecutable.start(node)) as import('./NavigatorNode.ts').NavigatorNode;
    io.createPublisher('nav_msgs/msg/Odometry', 'odom').publish({
      header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'odom' },
      child_frame_id: 'base_link',
      pose: { pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, covariance: new Float64Array(36) },
      twist: { twist: { linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }, covariance: new Float64Array(36) },
    });
    io.createPublisher('geometry_msgs/msg/PoseStamped', 'goal_pose').publish({ header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'map' }, pose: { position: { x: 4.5, y: 4.5, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } });
    // the costmap exists once a pose is known (first control tick); force one by waiting a tick of wall time
    await new Promise((r) => setTimeout(r, 120));
    expect(nav.costmap).toBeDefined();
    const lethal = nav.costmap!.costs.reduce((a, c) => a + (c === 254 ? 1 : 0), 0);
    expect(lethal).toBeGreaterThan(1000);
    nav.stop();
    await ctx.shutdown();
  });
});

describe('rolling costmap', () => {
  it('follows the robot down a corridor longer than the costmap, to a goal beyond it (lidar only)', async () => {
    const obstacles = [
      { kind: 'rect' as const, x0: -1, y0: -0.1, x1: 31, y1: 0 },
      { kind: 'rect' as const, x0: -1, y0: 2, x1: 31, y1: 2.1 },
      { kind: 'rect' as const, x0: -1.1, y0: 0, x1: -1, y1: 2 },
      { kind: 'circle' as const, x: 14, y: 0.6, r: 0.3 },
    ];
    const sim = new MiniSim({ obstacles, start: { x: 0, y: 1, yaw: 0 } });
    const h = new NavHarness({ sim, navigatorParams: { costmap_size: 12 } });
    h.run(0.5);
    const origin0 = h.navigator!.costmap!.originX;
    h.sendGoal({ x: 25, y: 1, yaw: 0 });
    h.run(90, () => done(h));
    expect(h.navigator!.goal!.state).toBe('succeeded');
    expect(Math.hypot(sim.pose().x - 25, sim.pose().y - 1)).toBeLessThan(0.2);
    expect(h.navigator!.costmap!.originX).toBeGreaterThan(origin0 + 15);
    expect(sim.collisions).toBe(0);
    await h.close();
  });
});

describe('navigator and the e-stop, a silent lidar', () => {
  it('the e-stop cancels the goal (releasing does not resume driving), refuses goals while engaged; aborts when the lidar stays silent', async () => {
    const sim = new MiniSim({ obstacles: room(10, 4), start: { x: 1, y: 2, yaw: 0 } });
    const h = new NavHarness({ sim });
    h.sendGoal({ x: 9, y: 2, yaw: 0 });
    h.run(3);
    const g = h.navigator!.goal!;
    expect(g.state).toBe('active');
    h.pubEstop.publish({ data: true });
    h.run(1);
    expect(g.state).toBe('canceled');
    expect(g.reason).toMatch(/e-stop/);
    h.sendGoal({ x: 9, y: 2, yaw: 0 });
    expect(h.navigator!.goal!.state).toBe('aborted');
    expect(h.navigator!.goal!.reason).toMatch(/e-stop is engaged/);
    h.pubEstop.publish({ data: false });
    const x = sim.pose().x;
    h.run(3);
    expect(Math.abs(sim.pose().x - x)).toBeLessThan(0.05);
    h.sendGoal({ x: 9, y: 2, yaw: 0 });
    h.run(40, () => done(h));
    expect(h.navigator!.goal!.state).toBe('succeeded');
    h.sendGoal({ x: 1, y: 2, yaw: 0 });
    h.run(2);
    h.scanSilenced = true;
    h.run(15, () => done(h));
    expect(h.navigator!.goal!.state).toBe('aborted');
    expect(h.navigator!.goal!.reason).toMatch(/no scan for/);
    await h.close();
  });
});

describe('goal frames', () => {
  it('transforms a goal given in base_link through /tf (2 m ahead of the robot)', async () => {
    const sim = new MiniSim({ obstacles: room(8, 8), start: { x: 2, y: 2, yaw: Math.PI / 2 } });
    const h = new NavHarness({ sim });
    h.run(0.2);
    h.sendGoal({ x: 2, y: 0, yaw: 0 }, 'base_link');
    const g = h.navigator!.goal!;
    expect(g.target.x).toBeCloseTo(2, 3);
    expect(g.target.y).toBeCloseTo(4, 3);
    expect(g.target.yaw).toBeCloseTo(Math.PI / 2, 3);
    h.run(30, () => done(h));
    expect(g.state).toBe('succeeded');
    await h.close();
  });
});
