import { canonicalTypeName, isMessageType, isServiceType, type MessageTypeName, type ServiceTypeName } from '@navstack/msgs';
import type { QoS } from '@navstack/rcl';
import { Allowlist } from './Allowlist.ts';
import { ClientConnection, type Credential } from './ClientConnection.ts';
import type { BridgeGraph, GraphPublisher } from './graph/BridgeGraph.ts';
import type { BridgeSocket } from './SendQueue.ts';
import { TopicRelay } from './TopicRelay.ts';

/** Per-client bounds: what one client (or an attacker with many ops) can cost the bridge. */
export interface BridgeLimits {
  /** WebSocket connections at once; more are refused at the upgrade (HTTP 503). */
  maxConnections: number;
  /** Topics one client subscribes to at once. */
  maxSubscriptions: number;
  /** Subscribe ids (subscribe ops with distinct ids) on one topic per client. */
  maxIdsPerSubscription: number;
  /** Topics one client advertises at once. */
  maxAdvertisements: number;
  /** Services one client offers at once. */
  maxServices: number;
  /** call_service ops of one client waiting for an answer, and requests waiting for its offered services. */
  maxPendingCalls: number;
  /** A call_service timeout is capped at this (s). */
  maxServiceTimeoutSeconds: number;
  /** Ops per second one client may send that act on the graph (publish, subscribe, advertise, calls); engaging the e-stop is never limited. */
  maxOpRate: number;
  /** queue_length is capped at this. */
  maxQueueLength: number;
  /** throttle_rate is capped at this (ms). */
  maxThrottleRate: number;
  /** fragment_size is raised to at least this (bytes). */
  minFragmentSize: number;
  /** Bytes of received frames waiting to be handled per client before its socket is paused. */
  maxInboxBytes: number;
  /** Fragmented messages (client `fragment` ops) being reassembled at once per client. */
  maxOpenFragments: number;
  /** A fragmented message must be complete within this (s). */
  fragmentTimeoutSeconds: number;
}

export interface BridgeOptions extends BridgeLimits {
  /** Topics a client may advertise and publish to ('name', 'name:type', 'prefix*', '*'). */
  publishAllowlist: string[];
  /** Services a client may call or offer (rosapi introspection is always answered). */
  serviceAllowlist: string[];
  /** The e-stop topic: published latched whatever the client asks, engaging it needs no credentials. '' for none. */
  estopTopic: string;
  /** Largest incoming frame in bytes (the socket layer refuses larger ones before buffering them). */
  maxMessageSize: number;
  /** Messages waiting per client before the oldest is dropped. */
  queueSize: number;
  /** Bytes waiting per client before the oldest is dropped. */
  queueBytes: number;
  /** A client's socket may hold this many unsent bytes before messages wait in its queue. */
  highWaterBytes: number;
  /** What a client without the token or `auth` may do: 'read' (subscribe, introspect, engage the e-stop) or 'none' (only engage the e-stop). */
  anonymousAccess: 'read' | 'none';
  /** The shared secret of the `auth` op (undefined: the op is refused). */
  authSecret: string | undefined;
  /** Default for call_service without a timeout, and for requests to services that clients offer (s). */
  serviceTimeoutSeconds: number;
}

// Relative names: under a namespace (robot.launch.xml namespace:=robot1) they are that robot's topics.
export const DEFAULT_PUBLISH_ALLOWLIST = [
  'instruction:std_msgs/msg/String',
  'goal_pose:geometry_msgs/msg/PoseStamped',
  'goal_cancel:std_msgs/msg/Empty',
  'cmd_vel_teleop:geometry_msgs/msg/Twist',
  'estop:std_msgs/msg/Bool',
  'initialpose:geometry_msgs/msg/PoseWithCovarianceStamped',
];
export const DEFAULT_SERVICE_ALLOWLIST = ['reset_simulation:std_srvs/srv/Empty'];

export const DEFAULT_LIMITS: BridgeLimits = {
  maxConnections: 32,
  maxSubscriptions: 64,
  maxIdsPerSubscription: 16,
  maxAdvertisements: 32,
  maxServices: 8,
  maxPendingCalls: 16,
  maxServiceTimeoutSeconds: 30,
  maxOpRate: 500,
  maxQueueLength: 100,
  maxThrottleRate: 60_000,
  minFragmentSize: 1024,
  maxInboxBytes: 4_000_000,
  maxOpenFragments: 4,
  fragmentTimeoutSeconds: 10,
};

export const DEFAULT_BRIDGE_OPTIONS: BridgeOptions = {
  ...DEFAULT_LIMITS,
  publishAllowlist: DEFAULT_PUBLISH_ALLOWLIST,
  serviceAllowlist: DEFAULT_SERVICE_ALLOWLIST,
  estopTopic: 'estop',
  maxMessageSize: 1_000_000,
  queueSize: 100,
  queueBytes: 8_000_000,
  highWaterBytes: 1_000_000,
  anonymousAccess: 'read',
  authSecret: undefined,
  serviceTimeoutSeconds: 10,
};

interface SharedPublisher {
  publisher: Promise<GraphPublisher>;
  topic: string;
  type: MessageTypeName;
  latched: boolean;
  owners: Set<ClientConnection>;
  /** Kept after its last owner leaves (a latched topic whose type the allowlist pins: the e-stop). */
  keep: boolean;
}

export interface BridgeStats {
  clients: number;
  relays: { topic: string; type: string; subscribers: number; received: number }[];
  publishers: number;
  queued: number;
  queuedBytes: number;
  dropped: number;
  /** Ops refused for lack of credentials, over a limit, or as malformed, since start. */
  refused: number;
  /** Frames handled since start. */
  frames: number;
  /** Status errors sent (or due, below a client's set_level) since start: every bad op gets one. */
  errors: number;
  /** Times a client's socket was paused because its unhandled frames passed max_inbox_bytes. */
  paused: number;
}

/**
 * The rosbridge v2 protocol on a BridgeGraph. It owns no socket server: give it any WebSocket
 * with handleConnection(ws), as foxglove's ws-protocol server does.
 */
export class BridgeServer {
  readonly graph: BridgeGraph;
  readonly options: BridgeOptions;
  readonly #relays = new Map<string, TopicRelay>();
  readonly #relayStarts = new Map<string, Promise<TopicRelay>>();
  readonly #publishers = new Map<string, SharedPublisher>();
  readonly #connections = new Set<ClientConnection>();
  /** auth MACs already used, with when they stop mattering (ms): a MAC works once. */
  readonly #usedMacs = new Map<string, number>();
  #publishAllow: Allowlist | undefined;
  #serviceAllow: Allowlist | undefined;
  #estop: string | undefined;
  #nextClientId = 1;
  frames = 0;
  refused = 0;
  errors = 0;
  paused = 0;

  constructor(graph: BridgeGraph, options: Partial<BridgeOptions> = {}) {
    this.graph = graph;
    this.options = { ...DEFAULT_BRIDGE_OPTIONS, ...options };
  }

  /** Resolves the allowlists and the e-stop topic on the node; throws naming a bad entry. */
  async init(): Promise<this> {
    const resolve = (n: string) => this.graph.resolve(n);
    this.#publishAllow = await Allowlist.create(this.options.publishAllowlist, resolve, 'msg');
    this.#serviceAllow = await Allowlist.create(this.options.serviceAllowlist, resolve, 'srv');
    this.#estop = this.options.estopTopic ? await resolve(this.options.estopTopic) : undefined;
    return this;
  }

  get publishAllow(): Allowlist {
    if (!this.#publishAllow) throw new Error('BridgeServer.init() was not awaited');
    return this.#publishAllow;
  }
  get serviceAllow(): Allowlist {
    if (!this.#serviceAllow) throw new Error('BridgeServer.init() was not awaited');
    return this.#serviceAllow;
  }
  /** The resolved e-stop topic, if any. */
  get estopTopic(): string | undefined {
    return this.#estop;
  }

  /** True when another connection may be accepted. */
  get acceptsConnections(): boolean {
    return this.#connections.size < this.options.maxConnections;
  }

  handleConnection(ws: BridgeSocket, info: { remoteAddress?: string; credential?: Credential } = {}): ClientConnection {
    const c = new ClientConnection(this, ws, this.#nextClientId++, info.remoteAddress ?? 'unknown', info.credential);
    this.#connections.add(c);
    ws.on('close', () => {
      this.#connections.delete(c);
      c.dispose();
    });
    ws.on('error', (e) => this.graph.log('debug', `client ${c.id}: ${e.message}`));
    return c;
  }

  get clientCount(): number {
    return this.#connections.size;
  }

  stats(): BridgeStats {
    let queued = 0;
    let queuedBytes = 0;
    let dropped = 0;
    for (const c of this.#connections) {
      queued += c.queue.length;
      queuedBytes += c.queue.bytes;
      dropped += c.queue.dropped;
    }
    return {
      clients: this.#connections.size,
      relays: [...this.#relays.values()].map((r) => ({ topic: r.topic, type: r.type, subscribers: r.listeners.size, received: r.received })),
      publishers: this.#publishers.size,
      queued,
      queuedBytes,
      dropped,
      frames: this.frames,
      refused: this.refused,
      errors: this.errors,
      paused: this.paused,
    };
  }

  // ---- types

  /** A message type as the client wrote it ('std_msgs/String' or 'std_msgs/msg/String'), checked. */
  messageType(type: string): MessageTypeName {
    if (!isMessageType(type)) throw new Error(`unknown message type '${type}' (navstack knows the types in packages/msgs/definitions)`);
    return canonicalTypeName(type) as MessageTypeName;
  }

  serviceType(type: string): ServiceTypeName {
    if (!isServiceType(type)) throw new Error(`unknown service type '${type}' (navstack knows the types in packages/msgs/definitions)`);
    return canonicalTypeName(type, 'srv') as ServiceTypeName;
  }

  /** The type of a topic as the bridge or the graph knows it. */
  async topicType(resolved: string): Promise<string | undefined> {
    const relay = this.#relays.get(resolved);
    if (relay) return relay.type;
    for (const p of this.#publishers.values()) if (p.topic === resolved) return p.type;
    return this.graph.topicType(resolved);
  }

  // ---- auth replay

  /** Records a MAC as used; false when it was used before (a replay). */
  useMac(mac: string, validUntilMs: number): boolean {
    const now = Date.now();
    for (const [m, until] of this.#usedMacs) {
      if (until > now) break;
      this.#usedMacs.delete(m);
    }
    const key = mac.toLowerCase();
    if (this.#usedMacs.has(key)) return false;
    if (this.#usedMacs.size >= 100_000) return false;
    this.#usedMacs.set(key, validUntilMs);
    return true;
  }

  // ---- shared subscriptions

  /** The relay of a topic, created (and subscribed on the graph) on first use. A caller that no longer wants it must releaseRelay(). */
  async relay(resolved: string, type: MessageTypeName): Promise<TopicRelay> {
    let r = this.#relays.get(resolved);
    if (!r) {
      let start = this.#relayStarts.get(resolved);
      if (!start) {
        start = (async () => {
          // rosbridge's choice: best effort matches every publisher; transient local if a latched publisher exists.
          const qos: Partial<QoS> = (await this.graph.isLatched(resolved))
            ? { reliability: 'best_effort', durability: 'transient_local', history: 'keep_last', depth: 1 }
            : { reliability: 'best_effort', durability: 'volatile', history: 'keep_last', depth: 10 };
          const relay = new TopicRelay(resolved, type, qos);
          await relay.start(this.graph);
          this.#relays.set(resolved, relay);
          return relay;
        })();
        this.#relayStarts.set(resolved, start);
        const mine = start;
        mine.then(
          () => this.#relayStarts.delete(resolved),
          () => this.#relayStarts.delete(resolved),
        );
      }
      r = await start;
    }
    if (r.type !== type) throw new Error(`topic '${resolved}' has type ${r.type}, not ${type}`);
    return r;
  }

  releaseRelay(r: TopicRelay): void {
    if (r.listeners.size > 0) return;
    r.stop();
    if (this.#relays.get(r.topic) === r) this.#relays.delete(r.topic);
  }

  // ---- shared publishers

  /** A publisher of the topic shared by the clients that advertise it; the e-stop topic is always latched. */
  acquirePublisher(owner: ClientConnection, resolved: string, type: MessageTypeName, latchAsked: boolean, pinnedType: string | undefined): { key: string; shared: SharedPublisher } {
    const latched = resolved === this.#estop || latchAsked;
    const key = `${resolved}|${latched ? 'latched' : 'volatile'}`;
    let p = this.#publishers.get(key);
    if (p && p.type !== type) throw new Error(`topic '${resolved}' is advertised with type ${p.type}, not ${type}`);
    if (!p) {
      const publisher = this.graph.advertise(resolved, type, latched);
      p = { publisher, topic: resolved, type, latched, owners: new Set(), keep: latched && pinnedType === type };
      this.#publishers.set(key, p);
      const shared = p;
      publisher.catch(() => {
        if (this.#publishers.get(key) === shared) this.#publishers.delete(key);
      });
    }
    p.owners.add(owner);
    return { key, shared: p };
  }

  publisherOf(key: string): SharedPublisher | undefined {
    return this.#publishers.get(key);
  }

  releasePublisher(owner: ClientConnection, key: string): void {
    const p = this.#publishers.get(key);
    if (!p) return;
    p.owners.delete(owner);
    // The e-stop's latched publisher (its type pinned by the allowlist) keeps its last message for late
    // subscribers after the browser that published it goes away; any other publisher goes with its last
    // owner, so a wrong-type latched publisher cannot squat a topic.
    if (p.owners.size === 0 && !p.keep) {
      p.publisher.then((x) => x.destroy(), () => undefined);
      this.#publishers.delete(key);
    }
  }

  /** Closes every connection and releases what the bridge holds on the graph. */
  close(): void {
    for (const c of [...this.#connections]) {
      c.dispose();
      c.ws.close(1001, 'bridge shutting down');
    }
    this.#connections.clear();
    for (const r of this.#relays.values()) r.stop();
    this.#relays.clear();
    for (const p of this.#publishers.values()) p.publisher.then((x) => x.destroy(), () => undefined);
    this.#publishers.clear();
  }
}
