// The node's side of a bridge running in a worker thread: it answers the worker's graph requests
// with a NodeGraph and forwards subscribed messages with flow control (at most MAX_IN_FLIGHT per
// subscription unacknowledged; past that only the newest waits), so a worker that falls behind
// costs the node's thread nothing but a dropped message.
import type { GraphHandle, GraphPublisher } from './BridgeGraph.ts';
import type { NodeGraph } from './NodeGraph.ts';
import { MAX_IN_FLIGHT, type GraphRequest, type HostToWorker, type WorkerToHost } from './rpc.ts';

export interface HostPort {
  postMessage(m: HostToWorker): void;
}

interface HostedSub {
  handle: GraphHandle | undefined;
  inFlight: number;
  /** The newest message held back while MAX_IN_FLIGHT are unacknowledged. */
  held: { m: unknown } | undefined;
  destroyed: boolean;
}

interface PendingServiceRequest {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class GraphHost {
  readonly #graph: NodeGraph;
  readonly #port: HostPort;
  readonly #subs = new Map<number, HostedSub>();
  readonly #pubs = new Map<number, GraphPublisher>();
  readonly #services = new Map<number, GraphHandle>();
  readonly #serviceRequests = new Map<number, PendingServiceRequest>();
  #nextRid = 1;
  /** Messages the host dropped for a worker that fell behind. */
  dropped = 0;

  constructor(graph: NodeGraph, port: HostPort) {
    this.#graph = graph;
    this.#port = port;
  }

  /** Handles one message from the worker; nothing it sends can throw out of here. */
  handle(m: WorkerToHost): void {
    try {
      switch (m.k) {
        case 'req':
          this.#request(m.id, m.req).then(
            (value) => this.#port.postMessage({ k: 'res', id: m.id, ok: true, value }),
            (e: unknown) => this.#port.postMessage({ k: 'res', id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) }),
          );
          return;
        case 'publish': {
          const p = this.#pubs.get(m.pid);
          let why: string | undefined = p ? undefined : 'the publisher is gone';
          p?.publish(m.m, (w) => (why = w));
          this.#port.postMessage({ k: 'published', tag: m.tag, why });
          return;
        }
        case 'destroy':
          return this.#destroy(m.what, m.handle);
        case 'ack':
          for (let i = 0; i < m.sids.length; i++) this.#ack(m.sids[i]!, m.counts[i]!);
          return;
        case 'svcReply': {
          const r = this.#serviceRequests.get(m.rid);
          if (!r) return;
          this.#serviceRequests.delete(m.rid);
          if (m.ok) r.resolve(m.value);
          else r.reject(new Error(m.error ?? 'failed'));
          return;
        }
        case 'log':
          this.#graph.log(m.level, m.msg);
          return;
        default:
          return;
      }
    } catch (e) {
      this.#graph.log('error', `rosbridge worker request failed: ${(e as Error).message}`);
    }
  }

  async #request(id: number, r: GraphRequest): Promise<unknown> {
    const g = this.#graph;
    switch (r.op) {
      case 'resolve':
        return g.resolve(r.name);
      case 'topicType':
        return g.topicType(r.topic);
      case 'serviceType':
        return g.serviceType(r.service);
      case 'isLatched':
        return g.isLatched(r.topic);
      case 'topics':
        return g.topics();
      case 'services':
        return g.services();
      case 'subscribe': {
        const s: HostedSub = { handle: undefined, inFlight: 0, held: undefined, destroyed: false };
        this.#subs.set(r.sid, s);
        try {
          const h = await g.subscribe(r.topic, r.type, r.qos, (msg) => this.#forward(r.sid, s, msg));
          if (s.destroyed) h.destroy();
          else s.handle = h;
        } catch (e) {
          this.#subs.delete(r.sid);
          throw e;
        }
        return undefined;
      }
      case 'advertise':
        this.#pubs.set(r.pid, await g.advertise(r.topic, r.type, r.latched));
        return undefined;
      case 'call':
        return g.call(r.service, r.type, r.request, r.timeoutSeconds);
      case 'offer':
        this.#services.set(
          r.vid,
          await g.offer(r.service, r.type, (request) => {
            const rid = this.#nextRid++;
            return new Promise((resolve, reject) => {
              this.#serviceRequests.set(rid, { resolve, reject });
              this.#port.postMessage({ k: 'svcRequest', vid: r.vid, rid, request });
            });
          }),
        );
        return undefined;
      default:
        throw new Error(`unknown graph request ${(r as { op: string }).op} (${id})`);
    }
  }

  #forward(sid: number, s: HostedSub, m: unknown): void {
    if (s.destroyed) return;
    if (s.inFlight >= MAX_IN_FLIGHT) {
      if (s.held) this.dropped++;
      s.held = { m };
      return;
    }
    s.inFlight++;
    try {
      this.#port.postMessage({ k: 'msg', sid, m });
    } catch (e) {
      // A message that cannot cross to the worker (not cloneable) is dropped, never thrown into the bus.
      s.inFlight--;
      this.dropped++;
      if (this.dropped === 1) this.#graph.log('warn', `rosbridge: a message could not be passed to the bridge's worker: ${(e as Error).message}`);
    }
  }

  #ack(sid: number, n: number): void {
    const s = this.#subs.get(sid);
    if (!s) return;
    s.inFlight = Math.max(0, s.inFlight - n);
    if (s.held && s.inFlight < MAX_IN_FLIGHT) {
      const { m } = s.held;
      s.held = undefined;
      this.#forward(sid, s, m);
    }
  }

  #destroy(what: 'sub' | 'pub' | 'svc', id: number): void {
    if (what === 'sub') {
      const s = this.#subs.get(id);
      if (!s) return;
      s.destroyed = true;
      s.held = undefined;
      s.handle?.destroy();
      this.#subs.delete(id);
    } else if (what === 'pub') {
      this.#pubs.get(id)?.destroy();
      this.#pubs.delete(id);
    } else {
      this.#services.get(id)?.destroy();
      this.#services.delete(id);
    }
  }

  /** Everything the worker held on the graph goes (the worker stopped or died). */
  close(): void {
    for (const id of [...this.#subs.keys()]) this.#destroy('sub', id);
    for (const id of [...this.#pubs.keys()]) this.#destroy('pub', id);
    for (const id of [...this.#services.keys()]) this.#destroy('svc', id);
    for (const r of this.#serviceRequests.values()) r.reject(new Error('the rosbridge worker stopped'));
    this.#serviceRequests.clear();
    this.#graph.close();
  }

  counts(): { subscriptions: number; publishers: number; services: number } {
    return { subscriptions: this.#subs.size, publishers: this.#pubs.size, services: this.#services.size };
  }
}
