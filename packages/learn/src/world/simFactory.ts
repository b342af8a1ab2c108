/** Episodes run in @navstack/sim's Simulator (the same simulator sim_node wraps). */
import { Simulator, generateScenario } from '@navstack/sim';
import type { Task } from './types.ts';

export function createSimulator(task: Task, noiseSeed: number): Simulator {
  const sc = generateScenario(task.seed, { layout: task.layout as 'room' | 'rooms' | 'clutter', minTargetDistance: 3 });
  return new Simulator({ world: sc.world, seed: noiseSeed, start: task.start, physicsHz: 20 });
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
