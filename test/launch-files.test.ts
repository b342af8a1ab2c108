// The launch files users run: each one reads, names only nodes that exist, and the main
// scenario launch really drives the simulated robot to a goal.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluateLaunch, LaunchError } from '@navstack/rcl';
import { EXECUTABLES } from '../packages/cli/src/registry.ts';
import { launchSimScenario, type LaunchedScenario } from '../packages/cli/src/testing.ts';

const root = path.resolve(import.meta.dirname, '..');
const launchDir = path.join(root, 'launch');
const launchFiles = fs.readdirSync(launchDir).filter((f) => /\.launch\.(xml|ya?ml)$/.test(f));

describe('launch/ files', () => {
  it.each(launchFiles.filter((f) => f !== 'gazebo.launch.xml'))('%s reads with its defaults and names only existing navstack nodes', (file) => {
    const launch = evaluateLaunch(path.join(launchDir, file), { navstackRoot: root });
    for (const a of launch.actions) {
      if (a.kind !== 'node') continue;
      expect(a.pkg).toBe('navstack');
      expect(EXECUTABLES.map((e) => e.exec)).toContain(a.exec);
    }
  });

  it('gazebo.launch.xml needs ROS 2 packages and says so', () => {
    expect(() => evaluateLaunch(path.join(launchDir, 'gazebo.launch.xml'), { navstackRoot: root, env: {} })).toThrow(LaunchError);
    expect(() => evaluateLaunch(path.join(launchDir, 'gazebo.launch.xml'), { navstackRoot: root, env: {} })).toThrow(/package 'ros_gz_sim' not found/);
  });

  it('the ROS 2 package installs a wrapper for every executable (CMakeLists.txt)', () => {
    const cmake = fs.readFileSync(path.join(root, 'CMakeLists.txt'), 'utf8');
    const list = /set\(NAVSTACK_EXECUTABLES ([^)]*)\)/.exec(cmake)![1]!.trim().split(/\s+/);
    expect(list.sort()).toEqual(EXECUTABLES.map((e) => e.exec).sort());
  });
});

describe('launch/sim.launch.xml', () => {
  let scenario: LaunchedScenario | undefined;
  afterEach(async () => {
    await scenario?.stop();
  });

  it('starts the simulator, navigation and safety, and drives the robot to a goal on /goal_pose', async () => {
    scenario = await launchSimScenario({ viewer: 'false', mode: 'fast', world: 'empty_room' });
    const { ctx, running, logs } = scenario;
    expect(running.nodes.map((n) => n.node.fullyQualifiedName).sort()).toEqual(['/navigator', '/policy', '/safety', '/sim']);

    const user = ctx.createNode('user', { parameterOverrides: { use_sim_time: true } });
    let pose = { x: NaN, y: NaN };
    let status = -1;
    user.createSubscription('nav_msgs/msg/Odometry', 'odom', {}, (m) => (pose = { x: m.pose.pose.position.x, y: m.pose.pose.position.y }));
    user.createSubscription('action_msgs/msg/GoalStatusArray', 'goal_status', { qos: 'latched' }, (m) => (status = m.status_list.at(-1)?.status ?? -1));
    const goal = user.createPublisher('geometry_msgs/msg/PoseStamped', 'goal_pose');
    // wait for the simulator's first odometry, then send the goal
    for (let i = 0; i < 200 && Number.isNaN(pose.x); i++) await new Promise((r) => setTimeout(r, 25));
    expect(Number.isFinite(pose.x)).toBe(true);
    goal.publish({ header: { stamp: user.now(), frame_id: 'map' }, pose: { position: { x: 1.2, y: 0.6, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } });
    const t0 = Date.now();
    while (status !== 4 && status !== 6 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 50));
    expect(status, logs.slice(-10).join('\n')).toBe(4); // action_msgs GoalStatus.STATUS_SUCCEEDED
    expect(Math.hypot(pose.x - 1.2, pose.y - 0.6)).toBeLessThan(0.3);
    // static_map (default true): the simulator published the world's map and the navigator took it
    expect(logs.some((l) => /static map of world 'empty_room' on map/.test(l))).toBe(true);
    expect(logs.some((l) => /static map \d+x\d+ at 0.05 m loaded into the costmap/.test(l))).toBe(true);
  });

  it('robot:= takes another robot description: the simulated lidar is the one it describes', async () => {
    // a copy of the bundled robot with a 180-beam, 0.03 m lidar (a low-cost one)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-robot-'));
    const sdf = fs.readFileSync(path.join(root, 'packages/sim/robots/navstack_bot/model.sdf'), 'utf8');
    fs.writeFileSync(path.join(dir, 'model.sdf'), sdf.replace('<samples>360</samples>', '<samples>180</samples>').replace('<stddev>0.01</stddev>', '<stddev>0.03</stddev>'));
    scenario = await launchSimScenario({ viewer: 'false', policy: 'false', mode: 'fast', world: 'empty_room', robot: path.join(dir, 'model.sdf') });
    const user = scenario.ctx.createNode('user', { parameterOverrides: { use_sim_time: true } });
    let beams = 0;
    user.createSubscription('sensor_msgs/msg/LaserScan', 'scan', { qos: 'sensor_data' }, (m) => (beams = m.ranges.length));
    for (let i = 0; i < 200 && beams === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(beams).toBe(180);
    fs.rmSync(dir, { recursive: true });
  });
});
