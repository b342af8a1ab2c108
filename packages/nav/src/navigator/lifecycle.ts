// Nav2's managed lifecycle for the navigator's parts (costmap, planner, controller and behaviour servers, goal
// executor) and for every plugin kind they hold: the same four transitions everywhere.
import type { Node, Subscription, Timer } from '@navstack/rcl';
import type { CostmapServer } from '../costmap/CostmapServer.ts';
import type { Pose2D } from '@navstack/math';
import type { TfBuffer } from '../tf/TfBuffer.ts';
import type { NavigatorParams } from './params.ts';

/** What a part or plugin gets when it is configured. */
export interface NavContext {
  /** The navigator's node (publishers, clock, logger). */
  readonly node: Node;
  readonly params: NavigatorParams;
  /** Transforms from /tf and /tf_static. */
  readonly tf: TfBuffer;
  /** The costmap owner (clear_costmap clears it). */
  readonly costmap: CostmapServer;
  /** The robot's pose in the global frame, when /tf and odom give one. */
  robotPose(): Pose2D | undefined;
}

/**
 * configure: read parameters, build the algorithm, create publishers (fails with the reason, e.g. an unknown
 * plugin name); activate: start working; deactivate: stop working; cleanup: release what configure made.
 */
export interface Lifecycle {
  configure(ctx: NavContext): void;
  activate(): void;
  deactivate(): void;
  cleanup(): void;
}

/** What a part makes when it activates (subscriptions, timers), released together when it deactivates. */
export class Activation {
  #release: (() => void)[] = [];
  subscriptions(...subs: Subscription[]): void {
    for (const s of subs) this.#release.push(() => s.destroy());
  }
  timer(t: Timer): void {
    this.#release.push(() => t.cancel());
  }
  release(): void {
    for (const r of this.#release.splice(0)) r();
  }
}

/**
 * A plugin as Nav2 writes one: a thin wrapper that builds its algorithm from the parameters on configure, lends it
 * out while active and drops it on cleanup. The plugin kinds (GlobalPlanner, Controller, Behavior) add their one
 * work method on top.
 */
export abstract class Plugin<A> implements Lifecycle {
  #algorithm: A | undefined;
  #active = false;

  constructor(
    /** The name the params file chooses it by. */
    readonly name: string,
    /** The parameter handling: options for the algorithm from the navigator's parameters. */
    readonly build: (ctx: NavContext) => A,
  ) {}

  configure(ctx: NavContext): void {
    this.#algorithm = this.build(ctx);
  }
  activate(): void {
    this.#active = true;
  }
  deactivate(): void {
    this.#active = false;
  }
  cleanup(): void {
    this.#algorithm = undefined;
  }

  /** The algorithm, while the plugin is active. */
  protected get algorithm(): A {
    if (!this.#active || this.#algorithm === undefined) throw new Error(`plugin '${this.name}' is not active: configure and activate it first`);
    return this.#algorithm;
  }
}

/** The factory of a plugin kind's algorithm by name, for `xxx_plugin` parameters: an unknown name lists the known ones. */
export function pluginFactory<A>(registry: Readonly<Record<string, (ctx: NavContext) => A>>, kind: string, name: string): (ctx: NavContext) => A {
  const build = registry[name];
  if (!build) throw new Error(`navigator: no ${kind} named '${name}' (known: ${Object.keys(registry).join(', ')})`);
  return build;
}

/** Configures every part in order, then activates them; if one fails to configure, those configured before it are cleaned up (in reverse) and the error is thrown. */
export function bringUp(parts: readonly Lifecycle[], ctx: NavContext): void {
  const configured: Lifecycle[] = [];
  try {
    for (const p of parts) {
      p.configure(ctx);
      configured.push(p);
    }
  } catch (e) {
    for (const p of configured.reverse()) p.cleanup();
    throw e;
  }
  for (const p of parts) p.activate();
}

/** Deactivates every part in reverse order, then cleans them up in reverse order. */
export function bringDown(parts: readonly Lifecycle[]): void {
  const reversed = [...parts].reverse();
  for (const p of reversed) p.deactivate();
  for (const p of reversed) p.cleanup();
}
