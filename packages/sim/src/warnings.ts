// What a world load has to tell its user, kept short: each distinct warning once (with how often it
// occurred: a model included 64 times warns once), and everything the simulator skipped folded into one
// summary line per world with counts by reason.

export class WorldWarnings {
  readonly #lines = new Map<string, { message: string; count: number }>();
  readonly #skips = new Map<string, { count: number; examples: string[] }>();

  /** A warning; those with the same key (default: the message) are told once, the first one's words kept. */
  warn(message: string, key = message): void {
    const w = this.#lines.get(key);
    if (w) w.count++;
    else this.#lines.set(key, { message, count: 1 });
  }

  /** Something in the world the simulator leaves out; `reason` groups them in the summary, `example` names one. */
  skip(reason: string, example: string): void {
    const s = this.#skips.get(reason) ?? { count: 0, examples: [] };
    s.count++;
    if (s.examples.length < 3 && !s.examples.includes(example)) s.examples.push(example);
    this.#skips.set(reason, s);
  }

  get skipped(): number {
    let n = 0;
    for (const s of this.#skips.values()) n += s.count;
    return n;
  }

  /** The warnings, then the one summary of what was skipped (if anything was). */
  lines(worldFile: string): string[] {
    const out = [...this.#lines.values()].map(({ message, count }) => (count > 1 ? `${message} (×${count})` : message));
    if (this.#skips.size > 0) {
      const parts = [...this.#skips].map(([reason, s]) => `${s.count} ${reason} (${s.examples.join('; ')}${s.count > s.examples.length ? '; ...' : ''})`);
      out.push(`${worldFile}: the embedded simulator skipped ${this.skipped} geometr${this.skipped === 1 ? 'y' : 'ies'}: ${parts.join('; ')}`);
    }
    return out;
  }
}
