import type { ObstacleField, Velocity } from '../controller/Controller.ts';
import type { Pose2D } from '@navstack/math';
import { pluginFactory, type Lifecycle, type NavContext } from '../navigator/lifecycle.ts';
import { BehaviorPlugin, type Behavior } from './Behavior.ts';
import type { BehaviorStatus } from './behaviors.ts';
import { BEHAVIORS } from './plugins.ts';

/**
 * Nav2's behaviour server: the recovery behaviours `recovery_behaviors` names (one plugin per name), tried in that
 * order, round robin, one at a time.
 */
export class BehaviorServer implements Lifecycle {
  readonly #plugins = new Map<string, Behavior>();
  #sequence: Behavior[] = [];
  #running: Behavior | undefined;

  configure(ctx: NavContext): void {
    const names = ctx.params.recovery_behaviors;
    const factories = new Map(names.map((n) => [n, pluginFactory(BEHAVIORS, 'recovery behaviour', n)]));
    for (const [name, build] of factories) {
      const b = new BehaviorPlugin(name, build);
      b.configure(ctx);
      this.#plugins.set(name, b);
    }
    this.#sequence = names.map((n) => this.#plugins.get(n)!);
  }
  activate(): void {
    for (const b of this.#plugins.values()) b.activate();
  }
  deactivate(): void {
    this.#running = undefined;
    for (const b of this.#plugins.values()) b.deactivate();
  }
  cleanup(): void {
    for (const b of this.#plugins.values()) b.cleanup();
    this.#plugins.clear();
    this.#sequence = [];
  }

  /** The behaviour for a goal's recovery number `attempt` (from 0), or undefined when none is configured. */
  next(attempt: number): Behavior | undefined {
    return this.#sequence.length ? this.#sequence[attempt % this.#sequence.length] : undefined;
  }

  /** The behaviour that runs, if any. */
  get running(): Behavior | undefined {
    return this.#running;
  }

  start(b: Behavior, pose: Pose2D, now: number): void {
    this.#running = b;
    b.start(pose, now);
  }

  /** One cycle of the running behaviour; it stops running once it has succeeded or failed. */
  tick(pose: Pose2D, obstacles: ObstacleField, now: number): { status: BehaviorStatus; cmd: Velocity } {
    const b = this.#running;
    if (!b) throw new Error('behaviour server: no behaviour is running');
    const r = b.tick(pose, obstacles, now);
    if (r.status !== 'running') this.#running = undefined;
    return r;
  }

  cancel(): void {
    this.#running = undefined;
  }
}
