import type { Velocity } from '../controller/Controller.ts';

export interface MuxSource {
  name: string;
  /** higher wins */
  priority: number;
  /** seconds without a command after which the source counts as silent (deadman) */
  timeout: number;
}

export type MuxDecision =
  | { kind: 'estop'; cmd: Velocity }
  | { kind: 'stale_scan'; cmd: Velocity }
  | { kind: 'idle'; cmd: Velocity }
  | { kind: 'source'; source: string; cmd: Velocity };

const ZERO: Velocity = { linear: 0, angular: 0 };

/**
 * The velocity mux with its safety gates (pure state, no I/O): a latched e-stop beats everything,
 * a stale scan stops, then the highest-priority source with a fresh command wins. A source whose last
 * command is older than its timeout counts as silent (deadman): with no fresh source the output is zero.
 */
export class VelocityMux {
  readonly #sources: MuxSource[];
  readonly #last = new Map<string, { cmd: Velocity; t: number }>();
  #estop = false;
  #lastScan = -Infinity;
  readonly scanTimeout: number;

  constructor(sources: MuxSource[], scanTimeout: number) {
    this.#sources = [...sources].sort((a, b) => b.priority - a.priority);
    this.scanTimeout = scanTimeout;
  }

  command(source: string, cmd: Velocity, now: number): void {
    if (!this.#sources.some((s) => s.name === source)) throw new Error(`unknown mux source '${source}'`);
    this.#last.set(source, { cmd: { linear: finite(cmd.linear), angular: finite(cmd.angular) }, t: now });
  }

  scanReceived(now: number): void {
    this.#lastScan = now;
  }

  /** true engages; only an explicit false releases. */
  setEstop(engaged: boolean): void {
    this.#estop = engaged;
  }
  get estopEngaged(): boolean {
    return this.#estop;
  }

  /** Forgets every source's last command (after a clock jump back, as on a simulator reset). */
  resetSources(): void {
    this.#last.clear();
    this.#lastScan = -Infinity;
  }

  decide(now: number): MuxDecision {
    if (this.#estop) return { kind: 'estop', cmd: ZERO };
    if (now - this.#lastScan > this.scanTimeout) return { kind: 'stale_scan', cmd: ZERO };
    for (const s of this.#sources) {
      const l = this.#last.get(s.name);
      if (l && now - l.t <= s.timeout && now >= l.t) return { kind: 'source', source: s.name, cmd: l.cmd };
    }
    return { kind: 'idle', cmd: ZERO };
  }
}

function finite(x: number): number {
  return Number.isFinite(x) ? x : 0;
}
