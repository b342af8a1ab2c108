import { fromRosbridgeJson, serviceFromJson, serviceToJson, type MessageTypeName, type ServiceTypeName } from '@navstack/msgs';
import type { Service } from '@navstack/rcl';
import type { BridgeServer } from './BridgeServer.ts';
import { ClientSubscription } from './ClientSubscription.ts';
import { checkAuth } from './protocol/auth.ts';
import { encodeJson, fragmentJson, parseClientFrame, statusPasses } from './protocol/parse.ts';
import type {
  AdvertiseOp,
  AdvertiseServiceOp,
  AuthOp,
  CallServiceOp,
  ClientOp,
  PublishOp,
  ServerOp,
  ServiceResponseOp,
  StatusLevel,
  SubscribeOp,
  UnadvertiseOp,
  UnadvertiseServiceOp,
  UnsubscribeOp,
} from './protocol/types.ts';
import { rosapiCall } from './rosapi.ts';
import { SendQueue, type BridgeSocket } from './SendQueue.ts';

interface Advertisement {
  key: string;
  type: MessageTypeName;
  ids: Set<string>;
}

interface PendingCall {
  resolve: (values: unknown) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface OfferedService {
  service: Service;
  name: string;
  type: ServiceTypeName;
  pending: Map<string, PendingCall>;
}

class OpError extends Error {}

/** One WebSocket client: its subscriptions, advertisements, services and send queue. */
export class ClientConnection {
  readonly server: BridgeServer;
  readonly ws: BridgeSocket;
  readonly id: number;
  readonly remoteAddress: string;
  readonly queue: SendQueue;
  #authenticated: boolean;
  #level: StatusLevel = 'error';
  readonly #subs = new Map<string, ClientSubscription>();
  readonly #adverts = new Map<string, Advertisement>();
  readonly #services = new Map<string, OfferedService>();
  #callSeq = 0;
  #disposed = false;

  constructor(server: BridgeServer, ws: BridgeSocket, id: number, remoteAddress: string) {
    this.server = server;
    this.ws = ws;
    this.id = id;
    this.remoteAddress = remoteAddress;
    this.#authenticated = !server.options.requireAuth;
    const o = server.options;
    this.queue = new SendQueue(ws, { maxMessages: o.queueSize, maxBytes: o.queueBytes, highWaterBytes: o.highWaterBytes });
    ws.on('message', (data, isBinary) => this.#onFrame(data, isBinary));
  }

  get authenticated(): boolean {
    return this.#authenticated;
  }

  #onFrame(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
    const max = this.server.options.maxMessageSize;
    if (bytes.byteLength > max) {
      this.status('error', `message of ${bytes.byteLength} bytes exceeds the bridge's max_message_size of ${max} bytes; it was dropped`);
      return;
    }
    const r = parseClientFrame(bytes, isBinary);
    if (!r.ok) {
      this.status('error', r.error, r.id);
      return;
    }
    this.handleOp(r.op);
  }

  /** Runs one checked op; a failure becomes a `status` error to this client and never closes the connection. */
  handleOp(op: ClientOp): void {
    if (this.#disposed) return;
    if (!this.#authenticated && op.op !== 'auth') {
      this.status('error', `'${op.op}' refused: this bridge requires authentication; send the 'auth' op first`, op.id);
      return;
    }
    try {
      switch (op.op) {
        case 'auth':
          return this.#auth(op);
        case 'advertise':
          return this.#advertise(op);
        case 'unadvertise':
          return this.#unadvertise(op);
        case 'publish':
          return this.#publish(op);
        case 'subscribe':
          return this.#subscribe(op);
        case 'unsubscribe':
          return this.#unsubscribe(op);
        case 'call_service':
          return this.#callService(op);
        case 'service_response':
          return this.#serviceResponse(op);
        case 'advertise_service':
          return this.#advertiseService(op);
        case 'unadvertise_service':
          return this.#unadvertiseService(op);
        case 'set_level':
          this.#level = op.level;
          return;
        case 'status':
          return;
      }
    } catch (e) {
      this.status('error', `${op.op}: ${(e as Error).message}`, op.id);
    }
  }

  // ---- sending

  send(op: ServerOp, fragmentSize?: number): void {
    const frames = fragmentSize ? fragmentJson(JSON.stringify(op), fragmentSize, `${op.op}:${this.id}:${++this.#callSeq}`) : [encodeJson(op)];
    let bytes = 0;
    for (const f of frames) bytes += f.byteLength;
    this.queue.push({ frames, binary: false, bytes, droppable: op.op === 'publish' });
  }

  status(level: 'info' | 'warning' | 'error', msg: string, id?: string): void {
    if (level === 'error') this.server.logger.debug(`client ${this.id} (${this.remoteAddress}): ${msg}`);
    if (!statusPasses(level, this.#level)) return;
    this.send(id === undefined ? { op: 'status', level, msg } : { op: 'status', id, level, msg });
  }

  // ---- ops

  #auth(op: AuthOp): void {
    if (!this.server.options.requireAuth) {
      this.#authenticated = true;
      return;
    }
    const why = checkAuth(op, this.server.options.authSecret!);
    if (why) {
      this.server.logger.warn(`client ${this.id} (${this.remoteAddress}) failed to authenticate: ${why}`);
      this.status('error', why);
      this.ws.close(1008, 'authentication failed');
      return;
    }
    this.#authenticated = true;
    this.server.logger.info(`client ${this.id} (${this.remoteAddress}) authenticated`);
    this.status('info', 'authenticated');
  }

  #advertise(op: AdvertiseOp): void {
    const topic = this.server.resolve(op.topic);
    if (!this.server.mayPublish(topic)) throw new OpError(`topic '${topic}' is not in the bridge's publish_allowlist (${this.server.options.publishAllowlist.join(', ')})`);
    const type = this.server.messageType(op.type);
    const existing = this.#adverts.get(topic);
    if (existing) {
      if (existing.type !== type) throw new OpError(`topic '${topic}' is already advertised by this client with type ${existing.type}`);
      existing.ids.add(op.id ?? '');
      return;
    }
    const key = this.server.acquirePublisher(this, topic, type, op.latch ?? false);
    this.#adverts.set(topic, { key, type, ids: new Set([op.id ?? '']) });
  }

  #unadvertise(op: UnadvertiseOp): void {
    const topic = this.server.resolve(op.topic);
    const a = this.#adverts.get(topic);
    if (!a) throw new OpError(`topic '${topic}' is not advertised by this client`);
    if (op.id !== undefined) a.ids.delete(op.id);
    if (op.id === undefined || a.ids.size === 0) {
      this.server.releasePublisher(this, a.key);
      this.#adverts.delete(topic);
    }
  }

  #publish(op: PublishOp): void {
    const topic = this.server.resolve(op.topic);
    let a = this.#adverts.get(topic);
    if (!a) {
      // rosbridge publishes without a prior advertise when the topic's type is known.
      const known = this.server.topicTypeOnGraph(topic);
      if (!known) throw new OpError(`topic '${topic}' was not advertised and its type is unknown; send 'advertise' with a type first`);
      this.#advertise({ op: 'advertise', topic: op.topic, type: known, latch: op.latch });
      a = this.#adverts.get(topic)!;
    }
    const message = fromRosbridgeJson(a.type, op.msg);
    this.server.publisher(a.key)!.publisher.publish(message);
  }

  #subscribe(op: SubscribeOp): void {
    const topic = this.server.resolve(op.topic);
    const typeName = op.type || this.server.topicTypeOnGraph(topic);
    if (!typeName) throw new OpError(`cannot subscribe to '${topic}': no type given and the topic is not on the graph yet`);
    const type = this.server.messageType(typeName);
    let compression = op.compression ?? 'none';
    if (compression === 'png') {
      this.status('warning', `subscribe to '${topic}': png compression is not supported by navstack's bridge; sending JSON (use cbor)`, op.id);
      compression = 'none';
    }
    const params = { throttleRate: op.throttle_rate ?? 0, queueLength: op.queue_length ?? 0, fragmentSize: op.fragment_size, compression };
    const id = op.id ?? `subscribe:${topic}`;
    const existing = this.#subs.get(topic);
    if (existing) {
      if (existing.relay.type !== type) throw new OpError(`topic '${topic}' has type ${existing.relay.type}, not ${type}`);
      existing.set(id, params);
      return;
    }
    let sub: ClientSubscription | undefined;
    let created = false;
    const relay = this.server.relay(topic, type, (r) => {
      created = r.listeners.size === 0 && r.last === undefined;
      sub = new ClientSubscription(op.topic, r, (out) => this.queue.push(out));
      sub.set(id, params);
      r.listeners.add(sub);
    });
    this.#subs.set(topic, sub!);
    // A late subscriber to a latched topic gets the last message (a new relay got it from the node already).
    if (!created && relay.last !== undefined && this.server.isLatched(topic)) sub!.offer(relay.last);
  }

  #unsubscribe(op: UnsubscribeOp): void {
    const topic = this.server.resolve(op.topic);
    const sub = this.#subs.get(topic);
    if (!sub) {
      this.status('warning', `unsubscribe: this client is not subscribed to '${topic}'`, op.id);
      return;
    }
    if (sub.remove(op.id)) {
      sub.dispose();
      this.#subs.delete(topic);
      this.server.releaseRelay(sub.relay);
    }
  }

  #callService(op: CallServiceOp): void {
    const name = this.server.resolve(op.service);
    const typeName = op.type || this.server.serviceTypeOnGraph(name);
    const reply = (result: boolean, values: unknown) => this.send({ op: 'service_response', ...(op.id !== undefined ? { id: op.id } : {}), service: op.service, values, result }, op.fragment_size);
    const introspection = rosapiCall(this.server.node, op.service, op.args);
    if (introspection) {
      reply(introspection.result, introspection.values);
      return;
    }
    if (!typeName) {
      reply(false, `service '${name}' is not offered by any node`);
      return;
    }
    let type: ServiceTypeName;
    let request: Record<string, unknown>;
    try {
      type = this.server.serviceType(typeName);
      request = serviceFromJson(type, 'request', op.args ?? {});
    } catch (e) {
      reply(false, (e as Error).message);
      return;
    }
    const timeoutSeconds = op.timeout !== undefined && op.timeout > 0 ? op.timeout : this.server.options.serviceTimeoutSeconds;
    this.server
      .serviceClient(name, type)
      .sendRequest(request as never, { timeoutSeconds })
      .then(
        (res) => reply(true, serviceToJson(type, 'response', res as Record<string, unknown>)),
        (e: unknown) => reply(false, (e as Error).message ?? String(e)),
      )
      .catch((e: unknown) => this.server.logger.error(`service reply to client ${this.id} failed: ${(e as Error).message}`));
  }

  #advertiseService(op: AdvertiseServiceOp): void {
    const name = this.server.resolve(op.service);
    const type = this.server.serviceType(op.type);
    if (this.#services.has(name)) throw new OpError(`service '${name}' is already advertised by this client`);
    const pending = new Map<string, PendingCall>();
    const service = this.server.node.createService(type, name, (request) => this.#forwardRequest(offered, request as Record<string, unknown>));
    const offered: OfferedService = { service, name: op.service, type, pending };
    this.#services.set(name, offered);
  }

  #forwardRequest(s: OfferedService, request: Record<string, unknown>): Promise<never> {
    const id = `service_request:${s.name}:${this.id}:${++this.#callSeq}`;
    const timeoutSeconds = this.server.options.serviceTimeoutSeconds;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        s.pending.delete(id);
        reject(new Error(`the browser client offering '${s.name}' did not answer within ${timeoutSeconds} s`));
      }, timeoutSeconds * 1000);
      s.pending.set(id, {
        resolve: (values) => resolve(serviceFromJson(s.type, 'response', values ?? {}) as never),
        reject,
        timer,
      });
      this.send({ op: 'call_service', id, service: s.name, args: serviceToJson(s.type, 'request', request) });
    });
  }

  #serviceResponse(op: ServiceResponseOp): void {
    const s = this.#services.get(this.server.resolve(op.service));
    const p = op.id !== undefined ? s?.pending.get(op.id) : undefined;
    if (!s || !p) throw new OpError(`no call to '${op.service}' with id '${op.id}' is waiting for a response from this client`);
    s.pending.delete(op.id!);
    clearTimeout(p.timer);
    if (!op.result) {
      p.reject(new Error(`the browser client's service '${op.service}' failed: ${typeof op.values === 'string' ? op.values : JSON.stringify(op.values)}`));
      return;
    }
    try {
      p.resolve(op.values);
    } catch (e) {
      p.reject(e as Error);
      throw e;
    }
  }

  #unadvertiseService(op: UnadvertiseServiceOp): void {
    const name = this.server.resolve(op.service);
    const s = this.#services.get(name);
    if (!s) throw new OpError(`service '${name}' is not advertised by this client`);
    this.#dropService(s);
    this.#services.delete(name);
  }

  #dropService(s: OfferedService): void {
    s.service.destroy();
    for (const p of s.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`the browser client offering '${s.name}' went away`));
    }
    s.pending.clear();
  }

  /** Releases everything this client holds (on close). */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.queue.close();
    for (const sub of this.#subs.values()) {
      sub.dispose();
      this.server.releaseRelay(sub.relay);
    }
    this.#subs.clear();
    for (const a of this.#adverts.values()) this.server.releasePublisher(this, a.key);
    this.#adverts.clear();
    for (const s of this.#services.values()) this.#dropService(s);
    this.#services.clear();
  }
}
