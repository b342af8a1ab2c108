// The topics browsers may publish to and the services they may call or offer. An entry is a name
// ('/estop', or relative to the bridge's namespace), a name pinned to a type ('/estop:std_msgs/msg/Bool':
// a client cannot advertise it with another type, so cannot squat it), 'prefix*' or '*'.
import { canonicalTypeName, isMessageType, isServiceType } from '@navstack/msgs';

interface Entry {
  exact?: string;
  prefix?: string;
  type?: string;
}

export interface AllowMatch {
  /** The type the entry pins, if it pins one (canonical, e.g. std_msgs/msg/Bool). */
  type: string | undefined;
}

export class Allowlist {
  readonly entries: readonly string[];
  readonly #list: Entry[];

  private constructor(entries: readonly string[], list: Entry[]) {
    this.entries = entries;
    this.#list = list;
  }

  /** Resolves each entry's name on the bridge node (`resolve`); throws naming a bad entry. */
  static async create(entries: readonly string[], resolve: (name: string) => Promise<string>, kind: 'msg' | 'srv'): Promise<Allowlist> {
    const out: Entry[] = [];
    for (const raw of entries) {
      const e = raw.trim();
      if (!e) continue;
      const colon = e.indexOf(':');
      const name = colon >= 0 ? e.slice(0, colon) : e;
      const typeText = colon >= 0 ? e.slice(colon + 1) : undefined;
      let type: string | undefined;
      if (typeText !== undefined) {
        const known = kind === 'msg' ? isMessageType(typeText) : isServiceType(typeText);
        if (!known) throw new Error(`allowlist entry '${raw}': unknown ${kind === 'msg' ? 'message' : 'service'} type '${typeText}'`);
        type = canonicalTypeName(typeText, kind);
      }
      if (name === '*') out.push({ prefix: '/', type });
      else if (name.endsWith('*')) {
        const p = name.slice(0, -1);
        const prefix = p.startsWith('/') ? p : `${(await resolve('x')).slice(0, -1)}${p}`;
        out.push({ prefix, type });
      } else out.push({ exact: await resolve(name), type });
    }
    return new Allowlist(entries, out);
  }

  /** The matching entry for a resolved name, or undefined when the name is not allowed. */
  match(resolved: string): AllowMatch | undefined {
    for (const e of this.#list) if (e.exact === resolved) return { type: e.type };
    for (const e of this.#list) if (e.prefix !== undefined && resolved.startsWith(e.prefix)) return { type: e.type };
    return undefined;
  }

  toString(): string {
    return this.entries.join(', ') || '(none)';
  }
}
