import { describe, expect, it } from 'vitest';
import { LocalContext } from '@navstack/rcl';
import type { Message, MessageTypeName } from '@navstack/msgs';
import { executables } from './index.ts';
import { REAL_WORLD_FIXTURES, REAL_WORLD_FIXTURES_MISSING } from './realWorldFixtures.ts';
import { SimNode } from './simNode.ts';
import { distanceToObject } from './types.ts';

function collect<T extends MessageTypeName>(node: ReturnType<LocalContext['createNode']>, type: T, topic: string, qos: 'default' | 'sensor_data' | 'latched' | 'clock' = 'default'): Message<T>[] {
  const out: Message<T>[] = [];
  node.createSubscription(type, topic, { qos }, (m) => out.push(m));
  return out;
}

describe('sim_node', () => {
  it('is exported as navstack/sim_node', () => {
    const e = executables.find((x) => x.exec === 'sim_node');
    expect(e).toMatchObject({ pkg: 'navstack', defaultNodeName: 'sim' });
  });

  it('publishes the topic contract with sim time in fast mode and follows cmd_vel', async () => {
    const ctx = new LocalContext();
    const probe = ctx.createNode('probe', { parameterOverrides: { use_sim_time: true } });
    const clock = collect(probe, 'rosgraph_msgs/msg/Clock', '/clock', 'clock');
    const scans = collect(probe, 'sensor_msgs/msg/LaserScan', 'scan', 'sensor_data');
    const images = collect(probe, 'sensor_msgs/msg/Image', 'camera/image_raw');
    const infos = collect(probe, 'sensor_msgs/msg/CameraInfo', 'camera/camera_info');
    const odom = collect(probe, 'nav_msgs/msg/Odometry', 'odom');
    const tf = collect(probe, 'tf2_msgs/msg/TFMessage', '/tf');
    const diags = collect(probe, 'diagnostic_msgs/msg/DiagnosticArray', 'diagnostics');
    // a controller running on sim time: drives forward, published from a timer
    const cmdPub = probe.createPublisher('geometry_msgs/msg/Twist', 'cmd_vel');
    let ticks = 0;
    probe.createTimer(0.1, () => {
      ticks++;
      cmdPub.publish({ linear: { x: 0.3, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
    });

    const node = ctx.createNode('sim', { parameterOverrides: { world: 'empty_room', mode: 'fast', max_sim_time: 2.0, seed: 3, robot_x: -1, robot_y: 0.5, robot_yaw: 0 } });
    const sim = new SimNode(node);
    await sim.done;

    expect(sim.sim.time).toBeCloseTo(2.0, 9);
    expect(clock).toHaveLength(201); // one at start, then every step
    expect(clock[clock.length - 1].clock).toEqual({ sec: 2, nanosec: 0 });
    expect(scans).toHaveLength(20);
    expect(scans[0].header).toEqual({ stamp: { sec: 0, nanosec: 100_000_000 }, frame_id: 'laser' });
    expect(images).toHaveLength(20);
    expect(images[0]).toMatchObject({ width: 64, height: 48, encoding: 'rgb8' });
    expect(infos[0].k[0]).toBeGreaterThan(0);
    expect(odom).toHaveLength(100);
    expect(odom[0]).toMatchObject({ header: { frame_id: 'odom' }, child_frame_id: 'base_link' });
    expect(tf[0].transforms[0]).toMatchObject({ header: { frame_id: 'odom' }, child_frame_id: 'base_link' });
    expect(diags.length).toBeGreaterThanOrEqual(1);
    const keys = Object.fromEntries(diags[diags.length - 1].status[0].values.map((v) => [v.key, v.value]));
    expect(keys).toMatchObject({ collisions: '0', world: 'empty_room', mode: 'fast' });
    expect(Number(keys.real_time_factor)).toBeGreaterThan(0);
    // the timer ran on sim time and the robot moved forward from its start
    expect(ticks).toBeGreaterThanOrEqual(19);
    const last = odom[odom.length - 1].pose.pose.position;
    expect(last.x).toBeGreaterThan(-1 + 0.3);
    expect(last.y).toBeCloseTo(0.5, 9);
    expect(probe.now()).toEqual({ sec: 2, nanosec: 0 });

    // latched topics reach a late subscriber
    const late = ctx.createNode('late');
    const tfStatic = collect(late, 'tf2_msgs/msg/TFMessage', '/tf_static', 'latched');
    const markers = collect(late, 'visualization_msgs/msg/MarkerArray', 'world_markers', 'latched');
    expect(tfStatic).toHaveLength(1);
    expect(tfStatic[0].transforms.map((t) => `${t.header.frame_id}->${t.child_frame_id}`)).toEqual(['base_link->laser', 'base_link->camera_link', 'map->odom']);
    expect(tfStatic[0].transforms[1].transform.translation).toEqual({ x: 0.15, y: 0, z: 0.25 });
    expect(markers).toHaveLength(1);
    expect(markers[0].markers.filter((m) => m.ns === 'landmarks')).toHaveLength(sim.world.objects.length);
    expect(markers[0].markers.find((m) => m.ns === 'red_box')).toMatchObject({ type: 1, color: { r: 0.8, g: 0.1, b: 0.1 }, header: { frame_id: 'map' } });
    await sim.stop();
    await ctx.shutdown();
  });

  it.skipIf(REAL_WORLD_FIXTURES_MISSING)(`loads a real mesh world through resource_paths: the TurtleBot3 world, whose walls are Collada meshes${REAL_WORLD_FIXTURES_MISSING ? ` (skipped: ${REAL_WORLD_FIXTURES_MISSING})` : ''}`, async () => {
    const fixtures = `${REAL_WORLD_FIXTURES}/turtlebot3/`;
    const ctx = new LocalContext();
    const scans = collect(ctx.createNode('probe'), 'sensor_msgs/msg/LaserScan', 'scan', 'sensor_data');
    const node = ctx.createNode('sim', {
      parameterOverrides: { world: `${fixtures}worlds/turtlebot3_world.world`, resource_paths: [`${fixtures}models`], mode: 'fast', max_sim_time: 0.2, publish_camera: false, robot_x: -2, robot_y: -0.5 },
    });
    const sim = new SimNode(node);
    await sim.done;
    // the hexagonal outer wall surrounds the robot: every beam returns
    expect(scans.length).toBeGreaterThan(0);
    const ranges = [...scans[scans.length - 1].ranges];
    expect(ranges.every((r) => Number.isFinite(r) && r < 5)).toBe(true);
    expect(sim.world.shapes.some((s) => s.geometry.type === 'mesh')).toBe(true);
    await ctx.shutdown();
  });

  it('stops the robot when cmd_vel times out', async () => {
    const ctx = new LocalContext();
    const node = ctx.createNode('sim', { parameterOverrides: { mode: 'fast', max_sim_time: 3.0, cmd_vel_timeout: 0.5, publish_camera: false } });
    const cmd = ctx.createNode('teleop').createPublisher('geometry_msgs/msg/Twist', 'cmd_vel');
    const sim = new SimNode(node);
    expect(sim.sim.steps).toBe(0); // start() does not step
    cmd.publish({ linear: { x: 0.5, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
    await sim.done;
    // accelerates for 0.5 s, then decelerates to a stop
    expect(sim.sim.velocity().linear).toBe(0);
    expect(sim.sim.pose().x).toBeGreaterThan(0.1);
    expect(sim.sim.pose().x).toBeLessThan(0.5);
    await ctx.shutdown();
  });

  it('runs in real time, paced by real_time_factor', async () => {
    const ctx = new LocalContext();
    const node = ctx.createNode('sim', { parameterOverrides: { mode: 'realtime', real_time_factor: 2.0, publish_camera: false } });
    const t0 = performance.now();
    const sim = new SimNode(node);
    await new Promise((r) => setTimeout(r, 300));
    await sim.stop();
    const wall = (performance.now() - t0) / 1000;
    const t = sim.sim.time;
    // never ahead of real_time_factor x wall time (no timing lower bound: the machine may be busy)
    expect(t).toBeGreaterThan(0);
    expect(t).toBeLessThanOrEqual(2 * wall + 0.011);
    await ctx.shutdown();
  });

  it('generates a scenario when scenario_seed is set, and rejects unknown worlds and modes clearly', async () => {
    const ctx = new LocalContext();
    const diags = collect(ctx.createNode('probe'), 'diagnostic_msgs/msg/DiagnosticArray', 'diagnostics');
    const sim = new SimNode(ctx.createNode('sim', { parameterOverrides: { scenario_seed: 7, mode: 'fast', max_sim_time: 0.1 } }));
    await sim.done;
    expect(sim.world.name).toBe('scenario_7');
    const values = Object.fromEntries(diags[diags.length - 1].status[0].values.map((v) => [v.key, v.value]));
    expect(values.scenario_instruction).toMatch(/^go to the /);
    expect(sim.world.objects.map((o) => o.name)).toContain(values.scenario_target);
    // the episode's state by the task's rule: distance to the target's boundary, not yet at rest there
    const target = sim.world.objects.find((o) => o.name === values.scenario_target)!;
    const pose = sim.sim.pose();
    expect(Number(values.target_distance)).toBeCloseTo(distanceToObject(target, pose.x, pose.y), 2);
    expect(values.episode_result).toBe('in progress');
    expect(() => new SimNode(ctx.createNode('sim2', { parameterOverrides: { world: 'atlantis' } }))).toThrow(/world 'atlantis' not found .*empty_room/);
    expect(() => new SimNode(ctx.createNode('sim3', { parameterOverrides: { mode: 'slow' } }))).toThrow(/'mode' = "slow" is not one of 'realtime', 'fast'/);
    await ctx.shutdown();
  });
});
