// `ros2 launch navstack sim.launch.xml` on a real ROS 2: each node its own process over DDS, seen and
// driven with the real ros2 CLI and an rclpy node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkspace, echoOnce, eventually, odomXY, processesMatching, Proc, PYTHON, ros2, run } from './harness.ts';

const CONTRACT: [string, string][] = [
  ['/scan', 'sensor_msgs/msg/LaserScan'],
  ['/camera/image_raw', 'sensor_msgs/msg/Image'],
  ['/camera/camera_info', 'sensor_msgs/msg/CameraInfo'],
  ['/odom', 'nav_msgs/msg/Odometry'],
  ['/tf', 'tf2_msgs/msg/TFMessage'],
  ['/tf_static', 'tf2_msgs/msg/TFMessage'],
  ['/clock', 'rosgraph_msgs/msg/Clock'],
  ['/instruction', 'std_msgs/msg/String'],
  ['/goal_pose', 'geometry_msgs/msg/PoseStamped'],
  ['/plan', 'nav_msgs/msg/Path'],
  ['/local_costmap', 'nav_msgs/msg/OccupancyGrid'],
  ['/cmd_vel_nav', 'geometry_msgs/msg/Twist'],
  ['/cmd_vel_teleop', 'geometry_msgs/msg/Twist'],
  ['/cmd_vel', 'geometry_msgs/msg/Twist'],
  ['/estop', 'std_msgs/msg/Bool'],
  ['/world_markers', 'visualization_msgs/msg/MarkerArray'],
  ['/diagnostics', 'diagnostic_msgs/msg/DiagnosticArray'],
];

describe('ros2 launch navstack sim.launch.xml', () => {
  let ws: string;
  let launch: Proc;

  beforeAll(async () => {
    ws = await buildWorkspace();
    launch = new Proc('ros2 launch navstack sim.launch.xml viewer:=false', { ws });
    await launch.waitFor(/static map .* loaded into the costmap/, 90_000);
    await launch.waitFor(/\[policy\]: policy: serving/, 90_000);
  });
  afterAll(() => launch?.kill());

  it('runs each node in its own process, seen by ros2 node list and ros2 topic list -t as the topic contract says', async () => {
    expect(launch.out).toMatch(/\[sim_node-1\]: process started/);
    const nodes = (await ros2('node list --no-daemon', { ws })).stdout.split('\n');
    expect(nodes).toEqual(expect.arrayContaining(['/sim', '/navigator', '/safety', '/policy']));
    const topics = (await ros2('topic list -t --no-daemon', { ws })).stdout;
    for (const [topic, type] of CONTRACT) expect(topics).toContain(`${topic} [${type}]`);
  });

  it('publishes /scan at the lidar rate (ros2 topic hz)', async () => {
    const r = await run('bash', ['-c', `timeout -s INT 6 ros2 topic hz /scan`], { timeoutMs: 20_000 });
    const rates = [...r.stdout.matchAll(/average rate: ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(rates.length).toBeGreaterThan(0);
    expect(rates.at(-1)).toBeGreaterThan(9);
    expect(rates.at(-1)).toBeLessThan(11);
  });

  it("drives an rclpy node's sim time from navstack's /clock", async () => {
    const script = `
import rclpy, time
from rclpy.node import Node
from rclpy.parameter import Parameter
rclpy.init()
n = Node('sim_time_probe', parameter_overrides=[Parameter('use_sim_time', Parameter.Type.BOOL, True)])
t0 = time.time()
while time.time() - t0 < 10:
    rclpy.spin_once(n, timeout_sec=0.1)
    now = n.get_clock().now().nanoseconds
    if now > 0 and time.time() - t0 > 1:
        break
print('SIM_NOW', now / 1e9, 'WALL', time.time())
`;
    const r = await run(PYTHON, ['-c', script], { timeoutMs: 30_000 });
    const m = /SIM_NOW ([\d.]+) WALL ([\d.]+)/.exec(r.stdout);
    expect(m, r.stderr).not.toBeNull();
    const simNow = Number(m![1]);
    expect(simNow).toBeGreaterThan(0); // /clock reached it
    expect(simNow).toBeLessThan(3600); // sim time since the simulator started, not the wall clock (~1.8e9 s)
  });

  it('reaches a goal sent with ros2 topic pub --once /goal_pose', async () => {
    const start = await odomXY();
    const goal = { x: start.x + 1.5, y: start.y + 0.5 };
    const pub = await ros2(`topic pub --once /goal_pose geometry_msgs/msg/PoseStamped "{header: {frame_id: map}, pose: {position: {x: ${goal.x}, y: ${goal.y}}, orientation: {w: 1.0}}}"`, { ws });
    expect(pub.code).toBe(0);
    await eventually(async () => {
      const p = await odomXY();
      return Math.hypot(p.x - goal.x, p.y - goal.y) < 0.2 ? p : undefined;
    }, 60_000);
    const status = await echoOnce('/goal_status', '--qos-durability transient_local --qos-reliability reliable');
    expect(status).toMatch(/status: 4/); // action_msgs/GoalStatus STATUS_SUCCEEDED
  });

  it('stops every process cleanly on Ctrl-C', async () => {
    const code = await launch.interrupt();
    const endings = launch.out.split('\n').filter((l) => /process has (died|finished)/.test(l));
    expect(endings).toHaveLength(4);
    for (const line of endings) expect(line).toMatch(/process has finished cleanly/);
    expect(code).toBe(0);
    expect(processesMatching(`${ws}/`)).toEqual([]);
  });
});
