// Who may talk to the bridge, as Jupyter decides it: the Host header must name this server (an IP
// literal, localhost, this machine's name or an operator-listed host: a DNS-rebinding page's own
// name is none of these), a browser's Origin must be the viewer's own origin or one the operator
// lists, and the per-run token (query `?token=`, or `Authorization: token ...`) marks the operator.
import { timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import os from 'node:os';
import { isLoopbackAddress } from '../protocol/auth.ts';

export interface AccessOptions {
  /** The address the servers are bound to. */
  address: string;
  /** The viewer's HTTP port (its origin is the one browsers come from), if it serves one. */
  httpPort: number | undefined;
  /** Extra host names clients may use (e.g. robot1.lab); '*' turns the Host check off. */
  allowedHosts: readonly string[];
  /** Extra origins allowed (scheme://host[:port]); '*' turns the Origin check off. */
  allowedOrigins: readonly string[];
  /** The per-run token ('' or undefined: none). */
  token: string | undefined;
}

export interface RequestLike {
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

function header(req: RequestLike, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The host name of a Host header or URL authority, lowercased, without brackets or port. */
export function hostNameOf(authority: string): string | undefined {
  const a = authority.trim().toLowerCase();
  if (!a) return undefined;
  if (a.startsWith('[')) {
    const end = a.indexOf(']');
    return end > 0 ? a.slice(1, end) : undefined;
  }
  const colon = a.indexOf(':');
  if (colon >= 0 && a.indexOf(':', colon + 1) >= 0) return a; // a bare IPv6 address
  return colon >= 0 ? a.slice(0, colon) : a;
}

/** A header value as quoted in a message: short, printable. */
function quote(v: string): string {
  const clean = v.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 80)}...` : clean;
}

function isAnyAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || address === '';
}

/** This machine's interface addresses (what a browser on the network may type). */
export function localAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(os.networkInterfaces())) for (const i of list ?? []) out.push(i.address.toLowerCase());
  return out;
}

export class AccessPolicy {
  readonly #o: AccessOptions;
  #httpPort: number | undefined;
  readonly #hosts: Set<string>;
  readonly #origins: Set<string>;
  readonly #ownAddresses: Set<string>;
  readonly #token: Buffer | undefined;

  constructor(o: AccessOptions) {
    this.#o = o;
    this.#httpPort = o.httpPort;
    this.#hosts = new Set(o.allowedHosts.map((h) => h.toLowerCase()));
    this.#origins = new Set(o.allowedOrigins.map((x) => x.toLowerCase().replace(/\/+$/, '')));
    const name = os.hostname().toLowerCase();
    const own = [o.address.toLowerCase(), 'localhost', name, `${name}.local`];
    if (isAnyAddress(o.address)) own.push(...localAddresses());
    this.#ownAddresses = new Set(own);
    this.#token = o.token ? Buffer.from(o.token) : undefined;
  }

  /** The viewer's port once its server listens (its origin is then known). */
  set httpPort(port: number | undefined) {
    this.#httpPort = port;
  }

  /** Why the Host header is refused, or undefined when it names this server. */
  checkHost(req: RequestLike): string | undefined {
    if (this.#hosts.has('*')) return undefined;
    const raw = header(req, 'host');
    const name = raw === undefined ? undefined : hostNameOf(raw);
    if (!name) return 'the request has no Host header';
    if (net.isIP(name) || name === 'localhost' || name.endsWith('.localhost') || this.#hosts.has(name) || this.#ownAddresses.has(name)) return undefined;
    return `Host '${quote(raw ?? '')}' does not name this server (a DNS-rebinding page?); if it is yours, add it to the bridge's allowed_hosts parameter`;
  }

  /** True when a host name is this server's (for the viewer's own origin). */
  #isOwnHost(name: string): boolean {
    return isLoopbackAddress(name) || name.endsWith('.localhost') || this.#ownAddresses.has(name) || this.#hosts.has(name);
  }

  /** Why a browser's Origin is refused, or undefined (also when there is no Origin: not a browser). */
  checkOrigin(req: RequestLike): string | undefined {
    const origin = header(req, 'origin');
    if (origin === undefined) return undefined;
    const o = origin.toLowerCase().replace(/\/+$/, '');
    if (this.#origins.has('*') || this.#origins.has(o)) return undefined;
    let u: URL | undefined;
    try {
      u = new URL(o);
    } catch {
      u = undefined;
    }
    if (u && u.protocol === 'http:' && this.#httpPort !== undefined && Number(u.port || 80) === this.#httpPort && this.#isOwnHost(hostNameOf(u.host) ?? '')) return undefined;
    return `Origin '${quote(origin)}' is not this navstack viewer's; a page from another site may not use the bridge (operators list extra origins in the bridge's allowed_origins parameter)`;
  }

  /** True when the request carries the per-run token (query `token`, or `Authorization: token T` / `Bearer T`). */
  hasToken(req: RequestLike): boolean {
    if (!this.#token) return false;
    let given: string | undefined;
    const auth = header(req, 'authorization');
    const m = auth ? /^(?:token|bearer)\s+(\S+)$/i.exec(auth.trim()) : null;
    if (m) given = m[1];
    else if (req.url) {
      try {
        given = new URL(req.url, 'http://x').searchParams.get('token') ?? undefined;
      } catch {
        given = undefined;
      }
    }
    if (!given) return false;
    const g = Buffer.from(given);
    return g.length === this.#token.length && timingSafeEqual(g, this.#token);
  }
}
