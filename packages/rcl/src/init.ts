import type { BackendName, Context } from './interfaces.ts';
import { LocalContext } from './local/LocalContext.ts';

export interface InitOptions {
  backend?: BackendName;
  /** ROS arguments for the ros2 backend (e.g. ['--ros-args', '-r', 'scan:=base_scan']). */
  rosArgs?: string[];
}

/** Creates a context on the chosen backend. 'ros2' needs rclnodejs and a sourced ROS 2. */
export async function init(options: InitOptions = {}): Promise<Context> {
  const backend = options.backend ?? 'local';
  if (backend === 'local') return new LocalContext();
  const { Ros2Context } = await import('./ros2/Ros2Context.ts');
  return Ros2Context.create(options.rosArgs ?? []);
}
