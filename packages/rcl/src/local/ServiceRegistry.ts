import type { Bus } from './Bus.ts';

interface Server {
  type: string;
  nodeName: string;
  handler: (req: unknown) => unknown;
}

export class ServiceUnavailableError extends Error {
  constructor(name: string, timeoutSeconds: number) {
    super(`service '${name}' did not answer within ${timeoutSeconds} s (is the node that offers it running?)`);
    this.name = 'ServiceUnavailableError';
  }
}

/** Services of the local backend: calls run on the bus's executor, in order with message deliveries. */
export class ServiceRegistry {
  readonly #servers = new Map<string, Server>();
  readonly #waiters = new Map<string, (() => void)[]>();
  constructor(readonly bus: Bus) {}

  advertise(name: string, type: string, nodeName: string, handler: (req: unknown) => unknown): () => void {
    const existing = this.#servers.get(name);
    if (existing) throw new Error(`service '${name}' is already offered by ${existing.nodeName}`);
    const server: Server = { type, nodeName, handler };
    this.#servers.set(name, server);
    for (const w of this.#waiters.get(name) ?? []) w();
    this.#waiters.delete(name);
    return () => {
      if (this.#servers.get(name) === server) this.#servers.delete(name);
    };
  }

  has(name: string): boolean {
    return this.#servers.has(name);
  }

  list(): { name: string; type: string; nodeName: string }[] {
    return [...this.#servers.entries()].map(([name, s]) => ({ name, type: s.type, nodeName: s.nodeName }));
  }

  waitFor(name: string, timeoutSeconds: number): Promise<boolean> {
    if (this.#servers.has(name)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const ws = this.#waiters.get(name) ?? [];
        this.#waiters.set(name, ws.filter((w) => w !== done));
        resolve(false);
      }, timeoutSeconds * 1000);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.#waiters.set(name, [...(this.#waiters.get(name) ?? []), done]);
    });
  }

  async call(name: string, type: string, request: unknown, timeoutSeconds: number): Promise<unknown> {
    if (!(await this.waitFor(name, timeoutSeconds))) throw new ServiceUnavailableError(name, timeoutSeconds);
    const server = this.#servers.get(name)!;
    if (server.type !== type) throw new Error(`service '${name}' has type ${server.type}, the client asked for ${type}`);
    return new Promise((resolve, reject) => {
      this.bus.post(() => {
        Promise.resolve()
          .then(() => server.handler(request))
          .then(resolve, (e: unknown) => reject(new Error(`service '${name}' failed: ${(e as Error).message ?? e}`)));
      });
    });
  }
}
