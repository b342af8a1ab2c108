// Everything the CLI can start or measure, from every package. Packages load when a node of theirs starts
// (or a benchmark runs), so `navstack run navstack navigator` loads nav, not the policy's onnxruntime, nor the
// learning lab's TensorFlow.js and MCAP. registry.test.ts keeps the names and descriptions here in step with
// the packages' own executables.
import type { Executable, Node } from '@navstack/rcl';

type ExecutablesModule = { executables: readonly Executable[] };

const loaders = new WeakMap<Executable, () => Promise<Executable>>();

function lazy(load: () => Promise<ExecutablesModule>, exec: string, defaultNodeName: string, description: string): Executable {
  const real = async () => {
    const e = (await load()).executables.find((x) => x.exec === exec);
    if (!e) throw new Error(`the package that should provide navstack/${exec} does not export it (packages/cli/src/registry.ts is out of date)`);
    return e;
  };
  const entry: Executable = { pkg: 'navstack', exec, defaultNodeName, description, start: async (node: Node) => (await real()).start(node) };
  loaders.set(entry, real);
  return entry;
}

/**
 * The executables with the packages of `execs` loaded: a launch's nodes then start back to back, as when the CLI
 * loaded every package up front (a simulator stepping as fast as possible does not run ahead while a later node's
 * package loads).
 */
export async function withLoaded(executables: readonly Executable[], execs: Iterable<string>): Promise<Executable[]> {
  const wanted = new Set(execs);
  return Promise.all(executables.map((e) => (wanted.has(e.exec) ? (loaders.get(e)?.() ?? e) : e)));
}

const sim = () => import('@navstack/sim');
const nav = () => import('@navstack/nav');
const policy = () => import('@navstack/policy');
const bridge = () => import('@navstack/bridge');
const bag = () => import('@navstack/bag');

export const EXECUTABLES: readonly Executable[] = [
  lazy(sim, 'sim_node', 'sim', 'Embedded simulator: loads a Gazebo SDF world, spawns the robot, publishes /clock, scan, camera, odom, /tf; subscribes cmd_vel'),
  lazy(sim, 'map_from_world', 'map_from_world', "Publishes an SDF world's static map (collision shapes in the robot body's height band) on map, latched, for Gazebo or a robot without sim_node"),
  lazy(nav, 'navigator', 'navigator', 'costmap (scan + static map on map), planner, controller and behaviour servers with plugins chosen by name, and the goal executor on goal_pose'),
  lazy(nav, 'safety', 'safety', 'velocity mux (e-stop > teleop > nav) with deadman, stale-scan stop and a Nav2-style collision monitor; writes cmd_vel'),
  lazy(policy, 'policy_node', 'policy', 'Multi-modal ONNX policy: scan + camera/image_raw + instruction -> goal_pose, status on diagnostics'),
  lazy(bridge, 'rosbridge_server', 'rosbridge_server', 'rosbridge v2 protocol server (WebSocket, JSON and CBOR) and the web viewer over HTTP'),
  lazy(bag, 'bag_recorder', 'bag_recorder', 'records topics into a rosbag2 bag folder (MCAP with rosbag2 metadata), as ros2 bag record'),
];

/** The packages behind EXECUTABLES (for the test that keeps them in step). */
export const EXECUTABLE_PACKAGES: readonly (() => Promise<ExecutablesModule>)[] = [sim, nav, policy, bridge, bag];

type BenchModule = { bench(options: { quick: boolean }): Promise<Record<string, unknown>> };

export const BENCHMARKS: Record<string, () => Promise<BenchModule>> = {
  bus: () => import('@navstack/rcl/bench'),
  ros2: () => import('@navstack/rcl/ros2-bench'),
  sim: () => import('@navstack/sim/bench'),
  nav: () => import('@navstack/nav/bench'),
  policy: () => import('@navstack/learn/bench'),
  bridge: () => import('@navstack/bridge/bench'),
  bridge_floods: () => import('./floodsBench.ts'),
  cli: () => import('./bench.ts'),
};
