// `navstack launch` as a user meets it: --show-args and --print on files that cannot run here.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'packages/cli/bin/navstack.js');
const features = path.join(root, 'test/fixtures/launch/features');
const navstack = (...args: string[]) => spawnSync(process.execPath, [bin, 'launch', ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, AMENT_PREFIX_PATH: '' } });

describe('navstack launch on files that need what is not here', () => {
  it('--show-args works when a required argument is unset and an included package is missing', () => {
    const r = navstack(path.join(root, 'launch/gazebo.launch.xml'), '--show-args');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/'world':\n\s+SDF world file\n\s+\(default: '\$\(dirname\)\/\.\.\/worlds\/empty_room\.sdf'\)/);
    expect(r.stdout).toMatch(/note: .*gazebo\.launch\.xml:22: the included file's arguments are not listed: .*package 'ros_gz_sim' not found/);
    const m = navstack(path.join(root, 'packages/rcl/src/launch/fixtures/missing_arg.launch.xml'), '--show-args');
    expect(m.status).toBe(0);
    expect(m.stdout).toMatch(/'world':\n\s+SDF world to load\n\s+\(default: none, required\)/);
  });

  it('--print goes on past a Python include, naming it; running the file refuses it, naming the <include> line', () => {
    const env = { ...process.env, AMENT_PREFIX_PATH: path.join(root, 'test/fixtures/launch/prefix') };
    const p = spawnSync(process.execPath, [bin, 'launch', path.join(root, 'launch/gazebo.launch.xml'), '--print'], { encoding: 'utf8', env });
    expect(p.status, p.stderr).toBe(0);
    expect(p.stderr).toMatch(/gazebo\.launch\.xml:22: <include> of a Python launch file \(.*gz_sim\.launch\.py\) is not evaluated: Python launch files need ROS 2/);
    expect(p.stdout).toMatch(/^ros_gz_sim\/create -file \S+model\.sdf -name navstack_bot .* --ros-args -r __node:=spawn_navstack_bot$/m);
    const r = spawnSync(process.execPath, [bin, 'launch', path.join(root, 'launch/gazebo.launch.xml')], { encoding: 'utf8', env });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/gazebo\.launch\.xml:22: <include> of a Python launch file \(.*gz_sim\.launch\.py\): Python launch files need ROS 2 — run this file with `ros2 launch`/);
  });

  it('--print shows each component load with its container', () => {
    const r = navstack(path.join(features, 'composable.launch.xml'), '--print');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('rclcpp_components/component_container --ros-args -r __node:=perception_container -r __ns:=/robot -p use_sim_time:=True -r /tf:=tf_remapped');
    expect(r.stdout).toContain('  [load_node /robot/perception_container] demo_nodes_cpp/demo_nodes_cpp::Talker --ros-args -r __node:=talker -r __ns:=/robot/sensors -p use_sim_time:=true -p rate:=5.0 -p frame:=base_link -r /tf:=tf_remapped -r chatter:=scan [extra_arguments: use_intra_process_comms:=true]');
  });

  it('a value outside an argument\'s choices is an error naming file and line, exit code 1', () => {
    const bad = navstack(path.join(features, 'choices.launch.xml'), '--print', 'mode:=turbo');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/choices\.launch\.xml:2: argument 'mode' is 'turbo', not one of its choices/);
  });
});
