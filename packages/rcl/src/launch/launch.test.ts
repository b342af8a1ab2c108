import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { init, type Context, type Executable } from '../index.ts';
import { evaluateLaunch, LaunchError, parseRosArgs, startLaunch, toRosArgs, type NodeAction, type RunningLaunch } from './index.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const root = path.resolve(import.meta.dirname, '../../../..');

// Two small real executables: a talker that publishes on 'chatter' and a listener on 'input'.
const executables: Executable[] = [
  {
    pkg: 'navstack',
    exec: 'talker',
    defaultNodeName: 'talker',
    description: 'publishes std_msgs/String on chatter',
    start(node) {
      node.declareParameter('rate', 5.0);
      node.declareParameter('frame', 'base_link');
      node.declareParameter('limits.max_range', 10.0);
      const pub = node.createPublisher('std_msgs/msg/String', 'chatter');
      return { stop: () => pub.destroy() };
    },
  },
  {
    pkg: 'navstack',
    exec: 'listener',
    defaultNodeName: 'listener',
    description: 'subscribes std_msgs/String on input',
    start(node) {
      node.declareParameter('frame', 'map');
      node.declareParameter('gains', [0.0]);
      node.createSubscription('std_msgs/msg/String', 'input', {}, () => {});
      return { stop: () => {} };
    },
  },
];

describe('launch files', () => {
  let ctx: Context | undefined;
  let running: RunningLaunch | undefined;
  afterEach(async () => {
    await running?.stop();
    await ctx?.shutdown();
  });

  it('gives the node names, namespaces, topics and parameters that ros2 launch would', async () => {
    const launch = evaluateLaunch(path.join(fixtures, 'robot.launch.xml'), { navstackRoot: root, args: { rate: '20' } });
    ctx = await init();
    running = await startLaunch(launch, ctx, executables);
    const graph = Object.fromEntries(ctx.graph().map((g) => [g.fullyQualifiedName, g]));
    expect(Object.keys(graph).sort()).toEqual(['/robot1/scanner', '/robot1/sensors/listener']);

    const scanner = graph['/robot1/scanner']!;
    // remap chatter -> scan inside the pushed namespace
    expect(scanner.publishers).toEqual([{ topic: '/robot1/scan', type: 'std_msgs/msg/String' }]);
    // /** gives frame; /robot1/scanner gives rate and nested limits; the inline param (rate:=20 from the arg) wins over the file
    expect(scanner.parameters).toEqual({ use_sim_time: true, rate: 20, frame: 'base_link', 'limits.max_range': 3.5 });

    const listener = graph['/robot1/sensors/listener']!;
    // the include's arg and the parent's arg both reach the remap's substitutions
    expect(listener.subscriptions).toContainEqual({ topic: '/robot1/scan', type: 'std_msgs/msg/String' });
    expect(listener.parameters).toEqual({ use_sim_time: true, frame: 'laser', gains: [1.0, 2.5] });
  });

  it('turns each node into the command line ros2 launch would run, and reads it back', () => {
    const launch = evaluateLaunch(path.join(fixtures, 'robot.launch.xml'), { navstackRoot: root });
    const scanner = launch.actions.find((a): a is NodeAction => a.kind === 'node' && a.name === 'scanner')!;
    const args = toRosArgs(scanner);
    // set_parameter's rule as launch_ros writes it (Python's str(True)); the inline param keeps its float type
    expect(args).toEqual(['--ros-args', '-r', '__node:=scanner', '-r', '__ns:=/robot1', '-p', 'use_sim_time:=True', '--params-file', path.join(fixtures, 'params.yaml'), '-p', 'rate:=10.0', '-r', 'chatter:=scan']);
    const parsed = parseRosArgs(args);
    expect(parsed.nodeName).toBe('scanner');
    expect(parsed.namespace).toBe('/robot1');
    expect(parsed.remaps).toEqual([{ from: 'chatter', to: 'scan' }]);
    expect(parsed.params).toEqual([{ name: 'use_sim_time', value: true }, { file: path.join(fixtures, 'params.yaml') }, { name: 'rate', value: 10 }]);
  });

  it('honours if/unless and reports command-line args no file declares', () => {
    const launch = evaluateLaunch(path.join(fixtures, 'robot.launch.xml'), { navstackRoot: root, args: { use_sim_time: 'false', robto: 'x' } });
    expect(launch.actions.filter((a) => a.kind === 'node').map((a) => (a as NodeAction).name)).toEqual(['scanner', undefined, 'root_listener']);
    expect(launch.unusedArgs).toEqual(['robto']);
  });

  it('names file and line for an unknown tag', () => {
    expect(() => evaluateLaunch(path.join(fixtures, 'bad_tag.launch.xml'), { navstackRoot: root })).toThrow(/bad_tag\.launch\.xml:3: unknown launch tag <nod>/);
  });

  it('names file, line and argument when a required argument is missing', () => {
    expect(() => evaluateLaunch(path.join(fixtures, 'missing_arg.launch.xml'), { navstackRoot: root })).toThrow(
      /missing_arg\.launch\.xml:2: missing required argument 'world' \(SDF world to load\): pass world:=<value>/,
    );
    expect(() => evaluateLaunch(path.join(fixtures, 'missing_arg.launch.xml'), { navstackRoot: root, args: { world: 'w.sdf' } })).not.toThrow();
  });

  it('lists the executables that exist when a launch names an unknown one', async () => {
    const launch = evaluateLaunch(path.join(fixtures, 'unknown_exec.launch.yaml'), { navstackRoot: root });
    ctx = await init();
    await expect(startLaunch(launch, ctx, executables)).rejects.toThrow(/unknown_exec\.launch\.yaml:2: no executable 'telepathy_node' in package 'navstack' \(navstack has: navstack\/talker, navstack\/listener\)/);
  });

  it('rejects malformed XML and Python launch files with a clear message', () => {
    expect(() => evaluateLaunch(path.join(fixtures, 'params.yaml'), { navstackRoot: root })).toThrow(LaunchError);
    expect(() => evaluateLaunch('/nonexistent/x.launch.py', { navstackRoot: root })).toThrow(/Python launch files need ROS 2/);
    expect(() => evaluateLaunch('/nonexistent/x.launch.xml', { navstackRoot: root })).toThrow(/cannot read launch file: ENOENT/);
  });

  it("runs navstack's executables as composable nodes in a container, and a timer's node after its period", async () => {
    const launch = evaluateLaunch(path.join(fixtures, 'components.launch.xml'), { navstackRoot: root });
    ctx = await init();
    running = await startLaunch(launch, ctx, executables);
    const graph = () => Object.fromEntries(ctx!.graph().map((g) => [g.fullyQualifiedName, g]));
    expect(Object.keys(graph()).sort()).toEqual(['/robot/consumer', '/robot/scanner']);
    expect(graph()['/robot/scanner']!.publishers).toEqual([{ topic: '/robot/scan', type: 'std_msgs/msg/String' }]);
    expect(graph()['/robot/scanner']!.parameters.rate).toBe(2);
    expect(graph()['/robot/consumer']!.subscriptions).toEqual([{ topic: '/robot/scan', type: 'std_msgs/msg/String' }]);
    for (let i = 0; i < 100 && !graph()['/late']; i++) await new Promise((r) => setTimeout(r, 20));
    expect(Object.keys(graph())).toContain('/late');
  });

  it('says which composable node cannot run on the local backend, with file and line', async () => {
    const launch = evaluateLaunch(path.join(fixtures, 'components.launch.xml'), { navstackRoot: root, args: { foreign: 'true' } });
    ctx = await init();
    await expect(startLaunch(launch, ctx, executables)).rejects.toThrow(/components\.launch\.xml:16: composable node image_proc\/image_proc::RectifyNode is not a navstack component.*need ROS 2/);
    expect(ctx.graph()).toEqual([]);
  });

  it('stops the nodes already started when a later node fails to start', async () => {
    const failing: Executable = { pkg: 'navstack', exec: 'listener', defaultNodeName: 'broken', description: '', start: () => Promise.reject(new Error('camera not found')) };
    const launch = evaluateLaunch(path.join(fixtures, 'robot.launch.xml'), { navstackRoot: root });
    ctx = await init();
    await expect(startLaunch(launch, ctx, [executables[0]!, failing])).rejects.toThrow(/failed to start: camera not found/);
    expect(ctx.graph()).toEqual([]);
  });
});
