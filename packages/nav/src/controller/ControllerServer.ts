import { pluginFactory, type Lifecycle, type NavContext } from '../navigator/lifecycle.ts';
import { ControllerPlugin, type Controller } from './Controller.ts';
import { CONTROLLERS } from './plugins.ts';
import { ProgressChecker } from './ProgressChecker.ts';

/** Nav2's controller server: the Controller plugin `controller_plugin` names, and the progress checker. */
export class ControllerServer implements Lifecycle {
  #controller: Controller | undefined;
  #progress: ProgressChecker | undefined;

  configure(ctx: NavContext): void {
    const p = ctx.params;
    const controller = new ControllerPlugin(p.controller_plugin, pluginFactory(CONTROLLERS, 'controller_plugin', p.controller_plugin));
    controller.configure(ctx);
    this.#controller = controller;
    this.#progress = new ProgressChecker(p.required_movement_radius, p.movement_time_allowance);
  }
  activate(): void {
    this.controller.activate();
  }
  deactivate(): void {
    this.#controller?.deactivate();
  }
  cleanup(): void {
    this.#controller?.cleanup();
    this.#controller = undefined;
    this.#progress = undefined;
  }

  get controller(): Controller {
    if (!this.#controller) throw new Error('controller server: not configured');
    return this.#controller;
  }

  get progress(): ProgressChecker {
    if (!this.#progress) throw new Error('controller server: not configured');
    return this.#progress;
  }
}
