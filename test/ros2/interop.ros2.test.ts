// navstack next to foreign ROS 2 nodes: an rclpy node feeds policy_node and gets a goal back; roslib
// through navstack's bridge (ros2 backend) sees what an rclpy node publishes; two robots in namespaces
// in one DDS domain do not hear each other; an e-stop from `ros2 topic pub` stops the robot.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ros, Topic } from 'roslib';
import { findLocalBridgeToken, withToken } from '@navstack/bridge';
import { loadWorldFile, Simulator } from '@navstack/sim';
import { buildWorkspace, eventually, odomXY, odomYaw, Proc, PYTHON, REPO, ros2, run, sleep } from './harness.ts';

let ws: string;
const procs: Proc[] = [];
const start = (command: string) => {
  const p = new Proc(command, { ws });
  procs.push(p);
  return p;
};
const waitForNodes = (names: string[], timeoutMs = 60_000) =>
  eventually(async () => {
    const list = (await ros2('node list --no-daemon', { ws })).stdout.split('\n');
    return names.every((n) => list.includes(n)) ? list : undefined;
  }, timeoutMs);

beforeAll(async () => {
  ws = await buildWorkspace();
});
afterAll(() => procs.forEach((p) => p.kill()));

describe('an rclpy node and policy_node', () => {
  it('gets a goal toward the named object from LaserScan + Image + instruction it publishes', async () => {
    // Sensor frames rendered by navstack's simulator in the office world: the robot 2 m from the yellow
    // sphere, facing it. The rclpy node publishes them as a foreign driver would.
    const world = loadWorldFile(path.join(REPO, 'worlds', 'office.sdf'));
    const sim = new Simulator({ world, seed: 1, start: { x: -1.5, y: 2.0, yaw: Math.PI / 2 } });
    const scan = sim.scan();
    const image = sim.cameraImage();
    const frames = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-interop-')), 'frames.json');
    fs.writeFileSync(
      frames,
      JSON.stringify({
        scan: { angle_min: scan.angle_min, angle_max: scan.angle_max, angle_increment: scan.angle_increment, range_min: scan.range_min, range_max: scan.range_max, ranges: Array.from(scan.ranges, (r) => (Number.isFinite(r) ? r : scan.range_max + 1)), frame_id: scan.header.frame_id },
        image: { width: image.width, height: image.height, step: image.step, encoding: image.encoding, data: Buffer.from(image.data).toString('base64'), frame_id: image.header.frame_id },
      }),
    );
    start('ros2 run navstack policy_node');
    await waitForNodes(['/policy']);
    const script = path.join(REPO, 'test', 'ros2', 'py', 'feed_policy.py');
    const r = await run(PYTHON, [script, frames, 'find the yellow sphere'], { timeoutMs: 60_000 });
    const m = [...r.stdout.matchAll(/GOAL frame=(\S+) x=([-\d.e]+) y=([-\d.e]+)/g)].at(-1);
    expect(m, r.stdout + r.stderr).not.toBeNull();
    const [, frame, x, y] = m!;
    expect(frame).toBe('base_link'); // no odometry was published: the goal is relative to the robot
    // The sphere's surface is 1.7 m ahead; the goal stands off from it, straight ahead.
    expect(Number(x)).toBeGreaterThan(0.8);
    expect(Number(x)).toBeLessThan(1.8);
    expect(Math.abs(Number(y))).toBeLessThan(0.35);
  });
});

describe("navstack's rosbridge server on the ros2 backend", () => {
  it('serves a real roslib client what an rclpy node publishes, and its publishes reach rclpy', async () => {
    const bridge = start('ros2 run navstack rosbridge_server --ros-args -p port:=0 -p http_port:=-1');
    const port = Number((await bridge.waitFor(/listening on ws:\/\/[^:\s]+:(\d+)/, 60_000))[1]);
    const talker = start(`${PYTHON} ${path.join(REPO, 'test', 'ros2', 'py', 'talker.py')} /rclpy_chatter`);
    await talker.waitFor(/talking/);
    // Publishing needs the bridge's per-run token: a tool on the same machine reads it from the runtime file.
    const url = `ws://127.0.0.1:${port}`;
    const ros = new Ros({ url: withToken(url, findLocalBridgeToken(url)) });
    await new Promise<void>((resolve, reject) => {
      ros.on('connection', () => resolve());
      ros.on('error', (e) => reject(new Error(String(e))));
    });
    const got: string[] = [];
    new Topic<{ data: string }>({ ros, name: '/rclpy_chatter', messageType: 'std_msgs/msg/String' }).subscribe((m) => got.push(m.data));
    await eventually(async () => (got.length >= 3 ? true : undefined), 20_000, 100).catch((e) => {
      throw new Error(`${e.message}; bridge said:\n${bridge.out}`);
    });
    expect(got.at(-1)).toMatch(/^hello from rclpy \d+$/);
    // And the other way: an instruction typed in the browser goes through the bridge to an rclpy node.
    const listener = start(`${PYTHON} ${path.join(REPO, 'test', 'ros2', 'py', 'listener.py')} /instruction`);
    await listener.waitFor(/listening/);
    const out = new Topic<{ data: string }>({ ros, name: '/instruction', messageType: 'std_msgs/msg/String' });
    await eventually(async () => {
      out.publish({ data: 'hello from roslib' });
      return /HEARD hello from roslib/.test(listener.out) ? true : undefined;
    }, 20_000, 300);
    ros.close();
  });
});

describe('two robots in namespaces in one DDS domain', () => {
  it('drives each to its own goal without crosstalk, and an e-stop from ros2 topic pub stops only its robot', async () => {
    for (const ns of ['robot1', 'robot2']) {
      // The robot's "driver": navstack's simulator in the namespace, with its transforms and clock there too.
      start(`ros2 run navstack sim_node --ros-args -r __ns:=/${ns} -r /tf:=tf -r /tf_static:=tf_static -r /clock:=clock -p world:=empty_room -p publish_camera:=false`);
      start(`ros2 launch navstack robot.launch.xml namespace:=${ns} policy:=false viewer:=false`);
    }
    await waitForNodes(['/robot1/sim', '/robot1/navigator', '/robot1/safety', '/robot2/sim', '/robot2/navigator', '/robot2/safety'], 90_000);
    // Discovery of every endpoint takes a moment after the nodes appear.
    const wanted = ['/robot1/scan', '/robot1/cmd_vel', '/robot1/tf', '/robot2/scan', '/robot2/odom', '/robot2/estop'];
    const topics = await eventually(async () => {
      const list = (await ros2('topic list --no-daemon', { ws })).stdout.split('\n');
      return wanted.every((t) => list.includes(t)) ? list : undefined;
    }, 30_000);
    for (const t of wanted) expect(topics).toContain(t);

    const r1 = await odomXY('/robot1');
    const r2 = await odomXY('/robot2');
    const goal = (ns: string, x: number, y: number) => ros2(`topic pub --once /${ns}/goal_pose geometry_msgs/msg/PoseStamped "{header: {frame_id: odom}, pose: {position: {x: ${x}, y: ${y}}, orientation: {w: 1.0}}}"`, { ws });
    // robot1 alone gets a goal: robot2 must not move.
    await goal('robot1', r1.x + 1.2, r1.y);
    await eventually(async () => {
      const p = await odomXY('/robot1');
      return Math.hypot(p.x - r1.x - 1.2, p.y - r1.y) < 0.2 ? p : undefined;
    }, 60_000);
    const r2Now = await odomXY('/robot2');
    expect(Math.hypot(r2Now.x - r2.x, r2Now.y - r2.y)).toBeLessThan(0.01);

    // robot1 drives to a goal while robot2 turns in place under teleop; robot2's e-stop (a plain ros2 topic
    // pub: volatile QoS) stops robot2 while its teleop keeps coming, and robot1 drives on.
    const r1b = await odomXY('/robot1');
    await goal('robot1', r1b.x - 1.5, r1b.y);
    start('ros2 topic pub -r 20 /robot2/cmd_vel_teleop geometry_msgs/msg/Twist "{angular: {z: 1.0}}"');
    const yaw0 = await odomYaw('/robot2');
    await eventually(async () => (Math.abs(Math.sin((await odomYaw('/robot2')) - yaw0)) > 0.3 ? true : undefined), 30_000, 200);
    expect((await ros2('topic pub --times 3 /robot2/estop std_msgs/msg/Bool "{data: true}"', { ws, timeoutMs: 20_000 })).code).toBe(0);
    await sleep(1000);
    const held = await odomYaw('/robot2');
    await sleep(2000);
    expect(Math.abs(Math.sin((await odomYaw('/robot2')) - held))).toBeLessThan(0.01);
    const r2Now2 = await odomXY('/robot2');
    expect(Math.hypot(r2Now2.x - r2.x, r2Now2.y - r2.y)).toBeLessThan(0.05); // it only turned
    await eventually(async () => {
      const p = await odomXY('/robot1');
      return Math.hypot(p.x - r1b.x + 1.5, p.y - r1b.y) < 0.2 ? p : undefined;
    }, 60_000);
  });
});
