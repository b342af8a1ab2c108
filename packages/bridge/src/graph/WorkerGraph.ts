// BridgeGraph inside the bridge's worker thread: every graph operation is a message to the
// GraphHost beside the node. Name resolutions are cached (a bounded map).
import type { QoS } from '@navstack/rcl';
import type { BridgeGraph, GraphHandle, GraphPublisher, LogLevel, NamesAndTypes } from './BridgeGraph.ts';
import type { GraphRequest, HostToWorker, WorkerToHost } from './rpc.ts';

export interface WorkerPort {
  postMessage(m: WorkerToHost): void;
}

const MAX_CACHED_NAMES = 4096;

export class WorkerGraph implements BridgeGraph {
  readonly #port: WorkerPort;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly #subs = new Map<number, (m: unknown) => void>();
  readonly #problems = new Map<number, (why: string) => void>();
  readonly #services = new Map<number, (request: unknown) => Promise<unknown>>();
  readonly #names = new Map<string, string>();
  readonly #acks = new Map<number, number>();
  #ackScheduled = false;
  #next = 1;
  /** Answers `ask` messages from the host (stats, close). */
  onAsk: ((what: 'stats' | 'close') => Promise<unknown>) | undefined;

  constructor(port: WorkerPort) {
    this.#port = port;
  }

  /** Feeds one message from the host. */
  handle(m: HostToWorker): void {
    switch (m.k) {
      case 'res': {
        const p = this.#pending.get(m.id);
        if (!p) return;
        this.#pending.delete(m.id);
        if (m.ok) p.resolve(m.value);
        else p.reject(new Error(m.error));
        return;
      }
      case 'msg': {
        try {
          this.#subs.get(m.sid)?.(m.m);
        } catch (e) {
          this.log('error', `rosbridge: a subscribed message failed in the bridge: ${(e as Error).message}`);
        }
        this.#acks.set(m.sid, (this.#acks.get(m.sid) ?? 0) + 1);
        if (!this.#ackScheduled) {
          this.#ackScheduled = true;
          setImmediate(() => this.#flushAcks());
        }
        return;
      }
      case 'published': {
        const f = this.#problems.get(m.tag);
        this.#problems.delete(m.tag);
        if (m.why !== undefined) f?.(m.why);
        return;
      }
      case 'svcRequest': {
        const h = this.#services.get(m.vid);
        const reply = (ok: boolean, value?: unknown, error?: string) => this.#port.postMessage({ k: 'svcReply', rid: m.rid, ok, value, error });
        if (!h) return reply(false, undefined, 'the service is gone');
        h(m.request).then(
          (v) => reply(true, v),
          (e: unknown) => reply(false, undefined, (e as Error).message ?? String(e)),
        );
        return;
      }
      case 'ask': {
        const f = this.onAsk;
        if (!f) return;
        f(m.what).then(
          (value) => this.#port.postMessage({ k: 'reply', id: m.id, value }),
          (e: unknown) => this.#port.postMessage({ k: 'reply', id: m.id, value: { error: String(e) } }),
        );
        return;
      }
    }
  }

  #flushAcks(): void {
    this.#ackScheduled = false;
    if (this.#acks.size === 0) return;
    this.#port.postMessage({ k: 'ack', sids: [...this.#acks.keys()], counts: [...this.#acks.values()] });
    this.#acks.clear();
  }

  #request<T>(req: GraphRequest): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#port.postMessage({ k: 'req', id, req });
    });
  }

  async resolve(name: string): Promise<string> {
    const hit = this.#names.get(name);
    if (hit !== undefined) return hit;
    const r = await this.#request<string>({ op: 'resolve', name });
    if (this.#names.size >= MAX_CACHED_NAMES) this.#names.clear();
    this.#names.set(name, r);
    return r;
  }

  topicType(topic: string): Promise<string | undefined> {
    return this.#request({ op: 'topicType', topic });
  }
  serviceType(service: string): Promise<string | undefined> {
    return this.#request({ op: 'serviceType', service });
  }
  isLatched(topic: string): Promise<boolean> {
    return this.#request({ op: 'isLatched', topic });
  }
  topics(): Promise<NamesAndTypes[]> {
    return this.#request({ op: 'topics' });
  }
  services(): Promise<NamesAndTypes[]> {
    return this.#request({ op: 'services' });
  }

  async subscribe(topic: string, type: string, qos: Partial<QoS>, onMessage: (message: unknown) => void): Promise<GraphHandle> {
    const sid = this.#next++;
    this.#subs.set(sid, onMessage);
    try {
      await this.#request({ op: 'subscribe', sid, topic, type, qos });
    } catch (e) {
      this.#subs.delete(sid);
      throw e;
    }
    return {
      destroy: () => {
        if (!this.#subs.delete(sid)) return;
        this.#port.postMessage({ k: 'destroy', what: 'sub', handle: sid });
      },
    };
  }

  async advertise(topic: string, type: string, latched: boolean): Promise<GraphPublisher> {
    const pid = this.#next++;
    await this.#request({ op: 'advertise', pid, topic, type, latched });
    return {
      publish: (m, problem) => {
        const tag = this.#next++;
        this.#problems.set(tag, problem);
        this.#port.postMessage({ k: 'publish', pid, tag, m });
      },
      destroy: () => this.#port.postMessage({ k: 'destroy', what: 'pub', handle: pid }),
    };
  }

  call(service: string, type: string, request: unknown, timeoutSeconds: number): Promise<unknown> {
    return this.#request({ op: 'call', service, type, request, timeoutSeconds });
  }

  async offer(service: string, type: string, handler: (request: unknown) => Promise<unknown>): Promise<GraphHandle> {
    const vid = this.#next++;
    this.#services.set(vid, handler);
    try {
      await this.#request({ op: 'offer', vid, service, type });
    } catch (e) {
      this.#services.delete(vid);
      throw e;
    }
    return {
      destroy: () => {
        this.#services.delete(vid);
        this.#port.postMessage({ k: 'destroy', what: 'svc', handle: vid });
      },
    };
  }

  log(level: LogLevel, msg: string): void {
    this.#port.postMessage({ k: 'log', level, msg });
  }
}
