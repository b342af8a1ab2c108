// map_from_world: the static map of an SDF world on `map` (latched), for Gazebo or a lab robot where no
// sim_node runs; sim_node publishes the same map of the world it loaded (its publish_map parameter).
import { param, ParamSchema, type Executable, type Node, type RunningNode } from '@navstack/rcl';
import { publishWorldMap } from './occupancyMap.ts';
import { loadRobotDescription } from './robot.ts';
import { loadWorld } from './sdf.ts';
import { resolveWorldPath } from './simNode.ts';
import { Simulator } from './Simulator.ts';

/** Parameters of `map_from_world`. */
export const MAP_FROM_WORLD_SCHEMA = new ParamSchema('map_from_world', {
  world: param.string('', 'SDF world: a path, or the name of a bundled world in worlds/'),
  robot: param.string('', 'robot description SDF whose body height band decides what is an obstacle (default: the bundled navstack_bot)'),
  resolution: param.double(0.05, 'cell size (m)', { min: 0.005, max: 1 }),
  frame_id: param.string('map', 'frame of the map'),
  resource_paths: param.stringArray([], 'extra model:// search paths (before GZ_SIM_RESOURCE_PATH)'),
});

export function startMapFromWorld(node: Node): RunningNode {
  const { world, robot, resolution, frame_id: frameId, resource_paths: resourcePaths } = MAP_FROM_WORLD_SCHEMA.declare(node);
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
