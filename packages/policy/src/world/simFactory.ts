/**
 * Which simulator drives policy episodes. The built-in stand-in is used unless @navstack/sim is
 * selected (NAVSTACK_POLICY_SIM=navstack) and exports a compatible Simulator.
 */
import { STANDIN_CAMERA, StandInSimulator } from './StandInSimulator.ts';
import type { SimLike, Task } from './types.ts';

export function simCamera(): { name: string; hfov: number; width: number; height: number } {
  return { name: 'standin', ...STANDIN_CAMERA };
}

export async function createSimulator(task: Task, seed: number): Promise<SimLike & { clearance?(x: number, y: number): number }> {
  return new StandInSimulator({ world: task.world, seed, start: task.start });
}
