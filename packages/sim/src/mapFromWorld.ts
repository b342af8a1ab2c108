// map_from_world: the static map of an SDF world on `map` (latched), for Gazebo or a lab robot where no
// sim_node runs; sim_node publishes the same map of the world it loaded (its publish_map parameter).
import type { Executable, Node, RunningNode } from '@navstack/rcl';
import { publishWorldMap } from './occupancyMap.ts';
import { loadRobotDescription } from './robot.ts';
import { loadWorld } from './sdf.ts';
import { resolveWorldPath } from './simNode.ts';
import { Simulator } from './Simulator.ts';

export function startMapFromWorld(node: Node): RunningNode {
  const world = node.declareParameter<string>('world', '', { description: 'SDF world: a path, or a bundled world name (empty_room, office, warehouse, maze)', readOnly: true });
  const robot = node.declareParameter<string>('robot', '', { description: "robot description SDF whose body height band decides what is an obstacle (default: the bundled navstack_bot)", readOnly: true });
  const resolution = node.declareParameter('resolution', 0.05, { description: 'cell size (m)', range: { min: 0.005, max: 1 }, readOnly: true });
  const frameId = node.declareParameter<string>('frame_id', 'map', { description: 'frame of the map', readOnly: true });
  const resourcePaths = node.declareParameter('resource_paths', [] as string[], { type: 'string_array', description: 'extra model:// search paths (before GZ_SIM_RESOURCE_PATH)', readOnly: true });
  if (!world) throw new Error("map_from_world: set the parameter 'world' to an SDF file or a bundled world name (e.g. -p world:=worlds/office.sdf)");
  const loaded = loadWorld(resolveWorldPath(world), { resourcePaths });
  for (const w of loaded.warnings) node.getLogger().warn(w);
  // the simulator's own collision check (shapes and meshes within the body's height band), never stepped
  const sim = new Simulator({
    world: loaded.world,
    robot: loadRobotDescription(robot || undefined),
    seed: 0,
    start: { x: 0, y: 0, yaw: 0 },
    noise: false,
  });
  publishWorldMap(node, sim, resolution, frameId);
  return { stop: () => {} };
}

export const mapFromWorldExecutable: Executable = {
  pkg: 'navstack',
  exec: 'map_from_world',
  defaultNodeName: 'map_from_world',
  description: "Publishes an SDF world's static map (collision shapes in the robot body's height band) on map, latched, for Gazebo or a robot without sim_node",
  start: (node) => startMapFromWorld(node),
};
