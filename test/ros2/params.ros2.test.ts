// navstack's parameters as ROS 2 tools see them (ros2 param list/get/set/describe), and bad input from the
// ROS side: out-of-range and wrong-type values, a node-name clash, a publisher of the wrong message type.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAVIGATOR_SCHEMA, ROBOT_LIMITS_SCHEMA, SAFETY_SCHEMA } from '@navstack/nav';
import { buildWorkspace, echoOnce, eventually, Proc, REPO, ros2 } from './harness.ts';

describe('navstack nodes under ros2 run, seen by ros2 param', () => {
  let ws: string;
  const procs: Proc[] = [];
  const start = async (command: string, node: string) => {
    const p = new Proc(command, { ws });
    procs.push(p);
    await eventually(async () => ((await ros2('node list --no-daemon', { ws })).stdout.split('\n').includes(node) ? true : undefined), 60_000);
    return p;
  };
  let safety: Proc;

  beforeAll(async () => {
    ws = await buildWorkspace();
    safety = await start('ros2 run navstack safety', '/safety');
    await start('ros2 run navstack navigator', '/navigator');
  });
  afterAll(() => procs.forEach((p) => p.kill()));

  it('lists every parameter of the node schemas', async () => {
    const list = (await ros2('param list /safety', { ws })).stdout.split('\n').map((l) => l.trim());
    expect(list).toEqual(expect.arrayContaining([...Object.keys(ROBOT_LIMITS_SCHEMA.specs), ...Object.keys(SAFETY_SCHEMA.specs), 'use_sim_time']));
    const nav = (await ros2('param list /navigator', { ws })).stdout.split('\n').map((l) => l.trim());
    expect(nav).toEqual(expect.arrayContaining(Object.keys(NAVIGATOR_SCHEMA.specs)));
  });

  it('describes a parameter with its description, type, range and read-only flag', async () => {
    const d = (await ros2('param describe /safety source_timeout', { ws })).stdout;
    expect(d).toContain('Type: double');
    expect(d).toContain(`Description: ${SAFETY_SCHEMA.specs.source_timeout.description}`);
    expect(d).toMatch(/Read only: true/);
    expect(d).toMatch(/Min value: 0.05/);
    expect(d).toMatch(/Max value: 1.0/);
    expect((await ros2('param describe /navigator max_recoveries', { ws })).stdout).toMatch(/Type: integer[\s\S]*Min value: 0[\s\S]*Max value: 1000/);
    expect((await ros2('param get /safety source_timeout', { ws })).stdout).toContain('Double value is: 0.25');
  });

  it('rejects a wrong type, an out-of-range value and a read-only parameter with the reason', async () => {
    expect((await ros2('param set /safety max_linear_vel 9.0', { ws })).output).toContain("Setting parameter failed: parameter 'max_linear_vel' = 9 is outside its range [0, 0.5]");
    expect((await ros2('param set /safety max_linear_vel fast', { ws })).output).toContain('Setting parameter failed: parameter \'max_linear_vel\' is declared as double; got "fast"');
    expect((await ros2('param set /safety source_timeout 0.5', { ws })).output).toContain("Setting parameter failed: parameter 'source_timeout' of node /safety is read-only");
    expect((await ros2('param get /safety max_linear_vel', { ws })).stdout).toContain('Double value is: 0.5');
  });

  it('acts on a dynamic parameter: the speed clamp set with ros2 param set limits /cmd_vel', async () => {
    expect((await ros2('param set /safety max_linear_vel 0.2', { ws })).stdout).toContain('Set parameter successful');
    // A whole number for a double parameter is taken as a double, as a user types it.
    expect((await ros2('param set /safety max_angular_vel 1', { ws })).stdout).toContain('Set parameter successful');
    // Feed the safety node a scan and a teleop command; its cmd_vel is clamped to the new limit.
    const scan = `ros2 topic pub -r 10 /scan sensor_msgs/msg/LaserScan "{header: {frame_id: base_link}, angle_min: -3.14, angle_max: 3.14, angle_increment: 0.0175, range_min: 0.1, range_max: 10.0, ranges: [${Array(360).fill('5.0').join(',')}]}" --qos-reliability best_effort`;
    const pubs = [new Proc(scan, { ws }), new Proc('ros2 topic pub -r 20 /cmd_vel_teleop geometry_msgs/msg/Twist "{linear: {x: 0.5}, angular: {z: 1.8}}"', { ws })];
    procs.push(...pubs);
    const cmd = await eventually(async () => {
      const text = await echoOnce('/cmd_vel');
      const x = Number(/linear:\s*\n\s*x: ([-\d.e]+)/.exec(text)?.[1]);
      return x > 0 ? text : undefined;
    }, 30_000);
    expect(Number(/linear:\s*\n\s*x: ([-\d.e]+)/.exec(cmd)?.[1])).toBeCloseTo(0.2, 3);
    expect(Number(/angular:\s*\n\s*x: [-\d.e]+\s*\n\s*y: [-\d.e]+\s*\n\s*z: ([-\d.e]+)/.exec(cmd)?.[1])).toBeCloseTo(1.0, 3);
    pubs.forEach((p) => p.kill());
  });

  it('reports a publisher of the wrong message type on a navstack topic', async () => {
    const wrong = new Proc('ros2 topic pub -r 5 /estop std_msgs/msg/String "{data: stop}"', { ws });
    procs.push(wrong);
    await safety.waitFor(/topic \/estop: publisher \/_ros2cli_\d+ publishes std_msgs\/msg\/String, but \/safety expects std_msgs\/msg\/Bool/, 20_000);
    wrong.kill();
  });

  it('refuses to start a second node with a name already in the graph', async () => {
    const second = new Proc('ros2 run navstack safety', { ws });
    procs.push(second);
    expect(await second.exited).toBe(1);
    expect(second.out).toMatch(/navstack run: node \/safety \(navstack\/safety\) did not start: a node named \/safety is already running in ROS_DOMAIN_ID \d+/);
    expect(second.out).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses to start with an unsafe value from the command line, naming the range', async () => {
    const bad = new Proc('ros2 run navstack safety --ros-args -r __node:=safety_bad -p source_timeout:=5.0', { ws });
    procs.push(bad);
    expect(await bad.exited).toBe(1);
    expect(bad.out).toContain("parameter 'source_timeout' = 5 is outside its range [0.05, 1]");
  });

  it("hot-reloads the policy's model on ros2 param set model_path, and puts back the serving one when refused", async () => {
    const policy = await start('ros2 run navstack policy_node', '/policy');
    await policy.waitFor(/policy: serving/);
    const other = path.join(REPO, 'models', 'ablation_no_camera.onnx');
    expect((await ros2(`param set /policy model_path ${other}`, { ws })).stdout).toContain('Set parameter successful');
    await policy.waitFor(/policy: serving .*ablation_no_camera\.onnx/);
    expect((await ros2('param set /policy model_path /nonexistent/model.onnx', { ws })).stdout).toContain('Set parameter successful');
    await policy.waitFor(/model \/nonexistent\/model\.onnx refused, still serving .*ablation_no_camera\.onnx/);
    await eventually(async () => ((await ros2('param get /policy model_path', { ws })).stdout.includes(other) ? true : undefined), 10_000);
    expect((await ros2('param set /policy model_path 5', { ws })).output).toContain("parameter 'model_path' is declared as string; got 5");
  });
});
