/** Episodes run in @navstack/sim's Simulator (the same simulator sim_node wraps). */
import { Simulator, generateScenario, loadWorldFile, type World } from '@navstack/sim';
import type { Task } from './types.ts';

/** The task's world: its SDF file (hand-built) or its generated scenario. */
export function taskWorld(task: Task): { world: World; sdf?: string } {
  if (task.worldFile) return { world: loadWorldFile(task.worldFile, { onWarning: () => {} }) };
  const sc = generateScenario(task.seed, { layout: task.layout as 'room' | 'rooms' | 'clutter', minTargetDistance: 3, landmarkVariety: task.landmarkVariety });
  return { world: sc.world, sdf: sc.sdf };
}

export function createSimulator(task: Task, noiseSeed: number): Simulator {
  return new Simulator({ world: taskWorld(task).world, seed: noiseSeed, start: task.start, physicsHz: 20 });
}

/** Camera horizontal field of view of the default robot (rad) and its forward offset (m). */
let cached: { hfov: number; offset: number } | undefined;
export function simCamera(): { hfov: number; offset: number } {
  if (!cached) {
    const s = new Simulator({ world: generateScenario(0).world, seed: 0, start: { x: 0, y: 0, yaw: 0 } });
    cached = { hfov: s.robot.camera.hfov, offset: s.robot.camera.pose.x };
  }
  return cached;
}
