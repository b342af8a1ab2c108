export * from './types.ts';
export { parseWorld, parseWorldWithWarnings, loadWorld, loadWorldFile, SdfError, LANDMARK_ELEMENT, NAVSTACK_SDF_NAMESPACE, type ParseWorldOptions, type LoadedWorld } from './sdf.ts';
export { resourcesFor, findResource, resolveModelUri, modelSdfFile, type Resources, type ResourceOptions } from './resources.ts';
export { parseFuelUri, findFuelModel, fuelCacheRoots, type FuelUri } from './fuel.ts';
export { loadRobotDescription, parseRobotDescription, DEFAULT_ROBOT_FILE, type RobotDescription, type LidarConfig, type CameraConfig, type DriveConfig, type MountPose } from './robot.ts';
export { Simulator, type SimulatorOptions, type VelocityCommand } from './Simulator.ts';
export { generateScenario, describe, reachableMap, type Scenario, type ScenarioOptions, type ScenarioLayout } from './scenario.ts';
export { worldSdf, modelSdf, wallSdf, includeSdf, roomWalls, type ModelSpec, type GeometrySpec } from './sdfWriter.ts';
export { worldMarkers } from './markers.ts';
export { shapeAabb, isGroundPlane } from './geometry.ts';
export { compileWorld, type CompiledWorld } from './scene.ts';
export type { MeshScene, Segments, Footprint } from './mesh/MeshScene.ts';
export { SimNode, simNodeExecutable, resolveWorldPath, WORLDS_DIR, SIM_SCHEMA } from './simNode.ts';
export { occupancyGridOf, publishWorldMap, type FootprintWorld, type OccupancyMapOptions } from './occupancyMap.ts';
export { startMapFromWorld, mapFromWorldExecutable, MAP_FROM_WORLD_SCHEMA } from './mapFromWorld.ts';

import type { Executable } from '@navstack/rcl';
import { mapFromWorldExecutable } from './mapFromWorld.ts';
import { simNodeExecutable } from './simNode.ts';

export const executables: Executable[] = [simNodeExecutable, mapFromWorldExecutable];
