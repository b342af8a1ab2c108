import { fromRosbridgeJson, serviceFromJson, serviceToJson, type MessageTypeName, type ServiceTypeName } from '@navstack/msgs';
import type { BridgeServer } from './BridgeServer.ts';
import { ClientSubscription } from './ClientSubscription.ts';
import { FragmentAssembler } from './FragmentAssembler.ts';
import type { GraphHandle } from './graph/BridgeGraph.ts';
import { checkAuth, stampSeconds } from './protocol/auth.ts';
import { nonFiniteField } from './protocol/finite.ts';
import { encodeJson, fragmentJson, parseClientFrame, statusPasses } from './protocol/parse.ts';
import type {
  AdvertiseOp,
  AdvertiseServiceOp,
  AuthOp,
  CallServiceOp,
  ClientOp,
  FragmentOp,
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

/** How a client proved it is the operator: the per-run token on its URL, or the `auth` op. */
export type Credential = 'token' | 'auth';

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
  handle: Promise<GraphHandle>;
  name: string;
  type: ServiceTypeName;
  pending: Map<string, PendingCall>;
}

interface Frame {
  data: Uint8Array | string;
  binary: boolean;
}

class OpError extends Error {}

/** Time one client's ops may run before the bridge yields to other clients and I/O (ms). */
const SLICE_MS = 4;
/** setTimeout's limit; a session end farther away is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** One WebSocket client: its subscriptions, advertisements, services and send queue. */
export class ClientConnection {
  readonly server: BridgeServer;
  readonly ws: BridgeSocket;
  readonly id: number;
  readonly remoteAddress: string;
  readonly queue: SendQueue;
  #credential: Credential | undefined;
  #sessionEnd = Infinity;
  #sessionTimer: ReturnType<typeof setTimeout> | undefined;
  #level: StatusLevel = 'error';
  readonly #subs = new Map<string, ClientSubscription>();
  readonly #adverts = new Map<string, Advertisement>();
  readonly #services = new Map<string, OfferedService>();
  readonly #fragments: FragmentAssembler;
  #pendingCalls = 0;
  #callSeq = 0;
  #disposed = false;
  // The inbox: frames wait here while an earlier op of this client waits on the graph.
  #inbox: Frame[] = [];
  #inboxHead = 0;
  #inboxBytes = 0;
  #pumping = false;
  #paused = false;
  // Token bucket of ops that act on the graph.
  #tokens: number;
  #tokensAt = performance.now();

  constructor(server: BridgeServer, ws: BridgeSocket, id: number, remoteAddress: string, credential?: Credential) {
    this.server = server;
    this.ws = ws;
    this.id = id;
    this.remoteAddress = remoteAddress;
    this.#credential = credential;
    const o = server.options;
    this.#tokens = o.maxOpRate;
    this.queue = new SendQueue(ws, { maxMessages: o.queueSize, maxBytes: o.queueBytes, highWaterBytes: o.highWaterBytes });
    this.#fragments = new FragmentAssembler({ maxBytes: o.maxMessageSize, maxOpen: o.maxOpenFragments, timeoutMs: o.fragmentTimeoutSeconds * 1000 });
    ws.on('message', (data, isBinary) => this.#onFrame(data, isBinary));
  }

  get credential(): Credential | undefined {
    return this.#credential;
  }

  // ---- input: bounded inbox, handled in order, in slices

  #onFrame(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    if (this.#disposed) return;
    const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
    this.#inbox.push({ data: bytes, binary: isBinary });
    this.#inboxBytes += bytes.byteLength;
    if (!this.#paused && this.#inboxBytes > this.server.options.maxInboxBytes && this.ws.pause) {
      // Back-pressure: TCP stops the client until its earlier frames are handled.
      this.#paused = true;
      this.server.paused++;
      this.ws.pause();
    }
    if (!this.#pumping) void this.#pump();
  }

  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      let sliceStart = performance.now();
      while (this.#inboxHead < this.#inbox.length && !this.#disposed) {
        const f = this.#inbox[this.#inboxHead]!;
        this.#inbox[this.#inboxHead++] = undefined as unknown as Frame;
        this.#inboxBytes -= typeof f.data === 'string' ? f.data.length : f.data.byteLength;
        const pending = this.#handleFrame(f);
        if (pending) await pending;
        if (this.#inboxHead > 256 && this.#inboxHead * 2 > this.#inbox.length) {
          this.#inbox = this.#inbox.slice(this.#inboxHead);
          this.#inboxHead = 0;
        }
        if (this.#paused && this.#inboxBytes <= this.server.options.maxInboxBytes / 2) {
          this.#paused = false;
          this.ws.resume?.();
        }
        if (performance.now() - sliceStart > SLICE_MS) {
          await new Promise<void>((r) => setImmediate(r));
          sliceStart = performance.now();
        }
      }
    } finally {
      this.#pumping = false;
    }
  }

  #handleFrame(f: Frame): Promise<void> | void {
    this.server.frames++;
    const r = parseClientFrame(f.data, f.binary);
    if (!r.ok) {
      this.server.refused++;
      this.status('error', r.error, r.id);
      return;
    }
    return this.handleOp(r.op);
  }

  /** Runs one checked op; a failure becomes a `status` error to this client and never closes the connection. */
  handleOp(op: ClientOp): Promise<void> | void {
    if (this.#disposed) return;
    if (this.#credential === 'auth' && Date.now() / 1000 >= this.#sessionEnd) return this.#endSession();
    try {
      const refusal = this.#refusal(op);
      if (refusal) {
        this.server.refused++;
        this.status('error', refusal, op.id);
        return;
      }
      const r = this.#dispatch(op);
      if (r) return r.catch((e: unknown) => this.#fail(op, e));
    } catch (e) {
      this.#fail(op, e);
    }
  }

  #fail(op: ClientOp, e: unknown): void {
    const msg = e instanceof Error ? e.message : String(e);
    this.status('error', `${op.op}${'topic' in op ? ` '${op.topic}'` : 'service' in op ? ` '${op.service}'` : ''}: ${msg}`, op.id);
  }

  #dispatch(op: ClientOp): Promise<void> | void {
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
      case 'fragment':
        return this.#fragment(op);
      case 'set_level':
        this.#level = op.level;
        return;
      case 'status':
        return;
    }
  }

  // ---- who may do what

  /** True when the op engages the e-stop (allowed to every accepted client, never rate limited). */
  #engagesEstop(op: ClientOp): boolean {
    const estop = this.server.estopTopic;
    if (!estop || (op.op !== 'publish' && op.op !== 'advertise')) return false;
    // The name as sent (the resolved one is checked again once resolved: #checkAnonymousTopic).
    if (op.topic !== estop && !estop.endsWith(`/${op.topic.replace(/^\/+/, '')}`)) return false;
    return op.op === 'advertise' || (typeof op.msg === 'object' && op.msg !== null && (op.msg as { data?: unknown }).data === true);
  }

  /** Why this client may not run the op now, or undefined. */
  #refusal(op: ClientOp): string | undefined {
    switch (op.op) {
      case 'auth':
      case 'status':
      case 'set_level':
      case 'fragment':
      case 'unsubscribe':
      case 'unadvertise':
        return undefined;
    }
    if (this.#engagesEstop(op)) return undefined;
    const control = op.op === 'publish' || op.op === 'advertise' || op.op === 'advertise_service' || op.op === 'unadvertise_service' || op.op === 'service_response' || (op.op === 'call_service' && !/^\/*rosapi\//.test(op.service));
    if (!this.#credential && (control || this.server.options.anonymousAccess === 'none')) {
      const name = 'topic' in op ? ` on '${op.topic}'` : 'service' in op ? ` of '${op.service}'` : '';
      const what = `'${op.op}'${name}`;
      return `${what} refused: this client has no token, so it may ${this.server.options.anonymousAccess === 'read' ? 'only subscribe and engage the e-stop' : 'only engage the e-stop'}; open the viewer with the URL navstack printed (it carries ?token=...), add ?token= to the rosbridge URL, or send the 'auth' op`;
    }
    if (!this.#takeToken()) return `'${op.op}' refused: this client sends more than ${this.server.options.maxOpRate} ops a second (the bridge's max_op_rate)`;
    return undefined;
  }

  #takeToken(): boolean {
    const rate = this.server.options.maxOpRate;
    const now = performance.now();
    this.#tokens = Math.min(rate, this.#tokens + ((now - this.#tokensAt) / 1000) * rate);
    this.#tokensAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  // ---- sending

  send(op: ServerOp, fragmentSize?: number): void {
    const frames = fragmentSize ? fragmentJson(JSON.stringify(op), fragmentSize, `${op.op}:${this.id}:${++this.#callSeq}`) : [encodeJson(op)];
    let bytes = 0;
    for (const f of frames) bytes += f.byteLength;
    this.queue.push({ frames, binary: false, bytes, droppable: op.op === 'publish' });
  }

  status(level: 'info' | 'warning' | 'error', msg: string, id?: string): void {
    if (this.#disposed) return;
    if (level === 'error') this.server.errors++;
    if (!statusPasses(level, this.#level)) return;
    this.send(id === undefined ? { op: 'status', level, msg } : { op: 'status', id, level, msg });
  }

  // ---- ops

  #auth(op: AuthOp): void {
    const secret = this.server.options.authSecret;
    if (!secret) {
      this.status('error', "auth: this bridge has no auth secret (parameter auth_secret_file or $NAVSTACK_BRIDGE_SECRET); use the token URL navstack printed instead");
      return;
    }
    let why = checkAuth(op, secret);
    if (!why && !this.server.useMac(op.mac, (stampSeconds(op.t) + 60) * 1000)) why = 'auth: this MAC was used already (a replay); compute a fresh one with a new rand and t';
    if (why) {
      this.server.graph.log('warn', `client ${this.id} (${this.remoteAddress}) failed to authenticate: ${why}`);
      this.status('error', why);
      this.ws.close(1008, 'authentication failed');
      return;
    }
    if (this.#credential !== 'token') {
      this.#credential = 'auth';
      this.#sessionEnd = stampSeconds(op.end);
      this.#armSessionTimer();
    }
    this.server.graph.log('info', `client ${this.id} (${this.remoteAddress}) authenticated`);
    this.status('info', 'authenticated');
  }

  #armSessionTimer(): void {
    if (this.#sessionTimer) clearTimeout(this.#sessionTimer);
    const left = this.#sessionEnd * 1000 - Date.now();
    this.#sessionTimer = setTimeout(() => {
      if (Date.now() / 1000 >= this.#sessionEnd) this.#endSession();
      else this.#armSessionTimer();
    }, Math.min(Math.max(0, left), MAX_TIMER_MS));
  }

  #endSession(): void {
    this.status('error', "auth: the session's end time has passed; authenticate again");
    this.ws.close(1008, 'session ended');
    this.dispose();
  }

  async #advertise(op: AdvertiseOp): Promise<void> {
    const topic = await this.server.graph.resolve(op.topic);
    this.#checkAnonymousTopic(topic);
    const allowed = this.server.publishAllow.match(topic);
    if (!allowed) throw new OpError(`topic '${topic}' is not in the bridge's publish_allowlist (${this.server.publishAllow})`);
    const type = this.server.messageType(op.type);
    if (allowed.type && allowed.type !== type) throw new OpError(`topic '${topic}' carries ${allowed.type} (publish_allowlist), not ${type}`);
    const onGraph = await this.server.topicType(topic);
    if (onGraph && onGraph !== type) throw new OpError(`topic '${topic}' has type ${onGraph} on the graph, not ${type}`);
    if (this.#disposed) return;
    const existing = this.#adverts.get(topic);
    if (existing) {
      if (existing.type !== type) throw new OpError(`topic '${topic}' is already advertised by this client with type ${existing.type}`);
      if (existing.ids.size >= this.server.options.maxIdsPerSubscription) throw new OpError(`topic '${topic}' is advertised ${existing.ids.size} times by this client already`);
      existing.ids.add(op.id ?? '');
      return;
    }
    if (this.#adverts.size >= this.server.options.maxAdvertisements) throw new OpError(`this client advertises ${this.#adverts.size} topics already (the bridge's limit)`);
    const { key, shared } = this.server.acquirePublisher(this, topic, type, op.latch ?? false, allowed.type);
    this.#adverts.set(topic, { key, type, ids: new Set([op.id ?? '']) });
    try {
      await shared.publisher;
    } catch (e) {
      this.#adverts.delete(topic);
      this.server.releasePublisher(this, key);
      throw e;
    }
  }

  async #unadvertise(op: UnadvertiseOp): Promise<void> {
    const topic = await this.server.graph.resolve(op.topic);
    const a = this.#adverts.get(topic);
    if (!a) throw new OpError(`topic '${topic}' is not advertised by this client`);
    if (op.id !== undefined) a.ids.delete(op.id);
    if (op.id === undefined || a.ids.size === 0) {
      this.server.releasePublisher(this, a.key);
      this.#adverts.delete(topic);
    }
  }

  /** A client without credentials got here only to engage the e-stop: its name must resolve to the e-stop topic. */
  #checkAnonymousTopic(topic: string): void {
    if (!this.#credential && topic !== this.server.estopTopic) throw new OpError(`topic '${topic}' refused: this client has no token`);
  }

  async #publish(op: PublishOp): Promise<void> {
    const topic = await this.server.graph.resolve(op.topic);
    this.#checkAnonymousTopic(topic);
    let a = this.#adverts.get(topic);
    if (!a) {
      // rosbridge publishes without a prior advertise when the topic's type is known.
      const known = (await this.server.topicType(topic)) ?? this.server.publishAllow.match(topic)?.type;
      if (!known) throw new OpError(`topic '${topic}' was not advertised and its type is unknown; send 'advertise' with a type first`);
      await this.#advertise({ op: 'advertise', topic: op.topic, type: known, latch: op.latch });
      a = this.#adverts.get(topic);
      if (!a) return;
    }
    const bad = nonFiniteField(op.msg);
    if (bad) throw new OpError(bad);
    const message = fromRosbridgeJson(a.type, op.msg);
    const shared = this.server.publisherOf(a.key);
    if (!shared) throw new OpError(`the publisher of '${topic}' is gone; advertise again`);
    const publisher = await shared.publisher;
    const id = op.id;
    publisher.publish(message, (why) => this.status('error', `publish '${topic}': ${why}`, id));
  }

  async #subscribe(op: SubscribeOp): Promise<void> {
    const o = this.server.options;
    const topic = await this.server.graph.resolve(op.topic);
    const typeName = op.type || (await this.server.topicType(topic));
    if (!typeName) throw new OpError(`cannot subscribe to '${topic}': no type given and the topic is not on the graph yet`);
    const type = this.server.messageType(typeName);
    let compression = op.compression ?? 'none';
    if (compression === 'png') {
      this.status('warning', `subscribe to '${topic}': png compression is not supported by navstack's bridge; sending JSON (use cbor)`, op.id);
      compression = 'none';
    }
    let fragmentSize = op.fragment_size;
    if (fragmentSize !== undefined && fragmentSize < o.minFragmentSize) {
      this.status('warning', `subscribe to '${topic}': fragment_size ${fragmentSize} raised to the bridge's minimum of ${o.minFragmentSize} bytes`, op.id);
      fragmentSize = o.minFragmentSize;
    }
    const params = {
      throttleRate: Math.min(op.throttle_rate ?? 0, o.maxThrottleRate),
      queueLength: Math.min(op.queue_length ?? 0, o.maxQueueLength),
      fragmentSize,
      compression,
    };
    const id = op.id ?? `subscribe:${topic}`;
    const existing = this.#subs.get(topic);
    if (existing) {
      if (existing.relay.type !== type) throw new OpError(`topic '${topic}' has type ${existing.relay.type}, not ${type}`);
      if (!existing.ids.has(id) && existing.ids.size >= o.maxIdsPerSubscription) throw new OpError(`this client subscribed to '${topic}' with ${existing.ids.size} ids already (the bridge's limit); unsubscribe some`);
      existing.set(id, params);
      return;
    }
    if (this.#subs.size >= o.maxSubscriptions) throw new OpError(`this client subscribes to ${this.#subs.size} topics already (the bridge's limit)`);
    const relay = await this.server.relay(topic, type);
    const again = this.#subs.get(topic);
    if (this.#disposed || again) {
      // Disposed, or a second subscribe to the same topic finished first.
      if (again && !this.#disposed) again.set(id, params);
      this.server.releaseRelay(relay);
      return;
    }
    const sub = new ClientSubscription(op.topic, relay, (out) => this.queue.push(out), o.queueBytes / 4);
    sub.set(id, params);
    relay.listeners.add(sub);
    this.#subs.set(topic, sub);
    // A late subscriber to a latched topic gets the last message.
    if (relay.latched && relay.last !== undefined) sub.offer(relay.last);
  }

  async #unsubscribe(op: UnsubscribeOp): Promise<void> {
    const topic = await this.server.graph.resolve(op.topic);
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

  /** Every call_service gets a service_response (result false with the reason when it fails), as roslib waits for one. */
  async #callService(op: CallServiceOp): Promise<void> {
    const reply = (result: boolean, values: unknown) => this.send({ op: 'service_response', ...(op.id !== undefined ? { id: op.id } : {}), service: op.service, values, result }, op.fragment_size === undefined ? undefined : Math.max(op.fragment_size, this.server.options.minFragmentSize));
    try {
      await this.#startCall(op, reply);
    } catch (e) {
      reply(false, e instanceof Error ? e.message : String(e));
    }
  }

  async #startCall(op: CallServiceOp, reply: (result: boolean, values: unknown) => void): Promise<void> {
    if (/^\/*rosapi\//.test(op.service)) {
      const r = await rosapiCall(this.server.graph, op.service, op.args);
      reply(r.result, r.values);
      return;
    }
    const o = this.server.options;
    const name = await this.server.graph.resolve(op.service);
    const allowed = this.server.serviceAllow.match(name);
    if (!allowed) {
      this.server.refused++;
      reply(false, `service '${name}' is not in the bridge's service_allowlist (${this.server.serviceAllow})`);
      return;
    }
    const bad = nonFiniteField(op.args ?? {});
    if (bad) {
      reply(false, bad);
      return;
    }
    if (this.#pendingCalls >= o.maxPendingCalls) {
      this.server.refused++;
      reply(false, `this client has ${this.#pendingCalls} service calls waiting already (the bridge's limit); wait for their answers`);
      return;
    }
    const typeName = op.type || allowed.type || (await this.server.graph.serviceType(name));
    if (!typeName) {
      reply(false, `service '${name}' is not offered by any node`);
      return;
    }
    let type: ServiceTypeName;
    let request: Record<string, unknown>;
    try {
      type = this.server.serviceType(typeName);
      if (allowed.type && allowed.type !== type) throw new Error(`service '${name}' has type ${allowed.type} (service_allowlist), not ${type}`);
      request = serviceFromJson(type, 'request', op.args ?? {});
    } catch (e) {
      reply(false, (e as Error).message);
      return;
    }
    const timeoutSeconds = Math.min(op.timeout !== undefined && op.timeout > 0 ? op.timeout : o.serviceTimeoutSeconds, o.maxServiceTimeoutSeconds);
    this.#pendingCalls++;
    // Not awaited: later ops of this client go on while the service works. The bridge's own timer
    // bounds the wait whatever the backend does with its timeout.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`service '${name}' did not answer within ${timeoutSeconds} s`)), timeoutSeconds * 1000);
    });
    Promise.race([this.server.graph.call(name, type, request, timeoutSeconds), timeout])
      .then(
        (res) => reply(true, serviceToJson(type, 'response', res as Record<string, unknown>)),
        (e: unknown) => reply(false, (e as Error).message ?? String(e)),
      )
      .catch((e: unknown) => this.server.graph.log('error', `service reply to client ${this.id} failed: ${(e as Error).message}`))
      .finally(() => {
        clearTimeout(timer);
        this.#pendingCalls--;
      });
  }

  async #advertiseService(op: AdvertiseServiceOp): Promise<void> {
    const name = await this.server.graph.resolve(op.service);
    const allowed = this.server.serviceAllow.match(name);
    if (!allowed) throw new OpError(`service '${name}' is not in the bridge's service_allowlist (${this.server.serviceAllow})`);
    const type = this.server.serviceType(op.type);
    if (allowed.type && allowed.type !== type) throw new OpError(`service '${name}' has type ${allowed.type} (service_allowlist), not ${type}`);
    if (this.#services.has(name)) throw new OpError(`service '${name}' is already advertised by this client`);
    if (this.#services.size >= this.server.options.maxServices) throw new OpError(`this client offers ${this.#services.size} services already (the bridge's limit)`);
    if (await this.server.graph.serviceType(name)) throw new OpError(`service '${name}' is already offered on the graph`);
    if (this.#disposed) return;
    const pending = new Map<string, PendingCall>();
    const offered: OfferedService = { handle: undefined as unknown as Promise<GraphHandle>, name: op.service, type, pending };
    offered.handle = this.server.graph.offer(name, type, (request) => this.#forwardRequest(offered, request as Record<string, unknown>));
    this.#services.set(name, offered);
    try {
      await offered.handle;
    } catch (e) {
      this.#services.delete(name);
      throw e;
    }
  }

  #forwardRequest(s: OfferedService, request: Record<string, unknown>): Promise<unknown> {
    if (s.pending.size >= this.server.options.maxPendingCalls) return Promise.reject(new Error(`the browser client offering '${s.name}' has ${s.pending.size} requests waiting already`));
    const id = `service_request:${s.name}:${this.id}:${++this.#callSeq}`;
    const timeoutSeconds = this.server.options.serviceTimeoutSeconds;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        s.pending.delete(id);
        reject(new Error(`the browser client offering '${s.name}' did not answer within ${timeoutSeconds} s`));
      }, timeoutSeconds * 1000);
      s.pending.set(id, {
        resolve: (values) => resolve(serviceFromJson(s.type, 'response', values ?? {})),
        reject,
        timer,
      });
      this.send({ op: 'call_service', id, service: s.name, args: serviceToJson(s.type, 'request', request) });
    });
  }

  async #serviceResponse(op: ServiceResponseOp): Promise<void> {
    const s = this.#services.get(await this.server.graph.resolve(op.service));
    const p = op.id !== undefined ? s?.pending.get(op.id) : undefined;
    if (!s || !p) throw new OpError(`no call to '${op.service}' with id '${op.id}' is waiting for a response from this client`);
    s.pending.delete(op.id!);
    clearTimeout(p.timer);
    if (!op.result) {
      p.reject(new Error(`the browser client's service '${op.service}' failed: ${typeof op.values === 'string' ? op.values.slice(0, 1000) : JSON.stringify(op.values)?.slice(0, 1000)}`));
      return;
    }
    const bad = nonFiniteField(op.values ?? {});
    try {
      if (bad) throw new OpError(bad);
      p.resolve(op.values);
    } catch (e) {
      p.reject(e as Error);
      throw e;
    }
  }

  async #unadvertiseService(op: UnadvertiseServiceOp): Promise<void> {
    const name = await this.server.graph.resolve(op.service);
    const s = this.#services.get(name);
    if (!s) throw new OpError(`service '${name}' is not advertised by this client`);
    this.#dropService(s);
    this.#services.delete(name);
  }

  #dropService(s: OfferedService): void {
    s.handle.then((h) => h.destroy(), () => undefined);
    for (const p of s.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`the browser client offering '${s.name}' went away`));
    }
    s.pending.clear();
  }

  #fragment(op: FragmentOp): Promise<void> | void {
    const r = this.#fragments.add(op);
    if ('error' in r) throw new OpError(r.error);
    if (!r.done) return;
    const parsed = parseClientFrame(r.text, false);
    if (!parsed.ok) throw new OpError(`reassembled message '${op.id}': ${parsed.error}`);
    if (parsed.op.op === 'fragment') throw new OpError(`reassembled message '${op.id}' is a fragment itself`);
    return this.handleOp(parsed.op);
  }

  /** Releases everything this client holds (on close). */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    if (this.#sessionTimer) clearTimeout(this.#sessionTimer);
    this.queue.close();
    this.#inbox = [];
    this.#inboxHead = 0;
    this.#inboxBytes = 0;
    this.#fragments.clear();
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
