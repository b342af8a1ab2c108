import { canonicalTypeName, isMessageType, isServiceType, type MessageTypeName, type ServiceTypeName } from '@navstack/msgs';
import type { Client, Logger, Node, Publisher, QoS } from '@navstack/rcl';
import { ClientConnection } from './ClientConnection.ts';
import type { BridgeSocket } from './SendQueue.ts';
import { TopicRelay } from './TopicRelay.ts';

export interface BridgeOptions {
  /** Topics a client may advertise and publish to (names as the bridge node resolves them; 'prefix*' and '*' allowed). */
  publishAllowlist: string[];
  /** Largest incoming frame in bytes; larger ones get a status error. */
  maxMessageSize: number;
  /** Messages waiting per client before the oldest is dropped. */
  queueSize: number;
  /** Bytes waiting per client before the oldest is dropped. */
  queueBytes: number;
  /** A client's socket may hold this many unsent bytes before messages wait in its queue. */
  highWaterBytes: number;
  /** Every op but `auth` is refused until the client authenticates. */
  requireAuth: boolean;
  authSecret: string | undefined;
  /** Default for call_service without a timeout, and for requests to services that clients offer. */
  serviceTimeoutSeconds: number;
}

export const DEFAULT_PUBLISH_ALLOWLIST = ['/instruction', '/goal_pose', '/cmd_vel_teleop', '/estop', '/initialpose'];

export const DEFAULT_BRIDGE_OPTIONS: BridgeOptions = {
  publishAllowlist: DEFAULT_PUBLISH_ALLOWLIST,
  maxMessageSize: 10_000_000,
  queueSize: 100,
  queueBytes: 16_000_000,
  highWaterBytes: 1_000_000,
  requireAuth: false,
  authSecret: undefined,
  serviceTimeoutSeconds: 10,
};

interface SharedPublisher {
  publisher: Publisher<unknown>;
  type: MessageTypeName;
  owners: Set<ClientConnection>;
}

export interface BridgeStats {
  clients: number;
  relays: { topic: string; type: string; subscribers: number; received: number }[];
  queued: number;
  queuedBytes: number;
  dropped: number;
}

/**
 * The rosbridge v2 protocol on a navstack node. It owns no socket server: give it any
 * WebSocket with handleConnection(ws), as foxglove's ws-protocol server does.
 */
export class BridgeServer {
  readonly node: Node;
  readonly options: BridgeOptions;
  readonly logger: Logger;
  readonly #relays = new Map<string, TopicRelay>();
  readonly #publishers = new Map<string, SharedPublisher>();
  readonly #serviceClients = new Map<string, Client<ServiceTypeName>>();
  readonly #connections = new Set<ClientConnection>();
  #nextClientId = 1;

  constructor(node: Node, options: Partial<BridgeOptions> = {}) {
    this.node = node;
    this.options = { ...DEFAULT_BRIDGE_OPTIONS, ...options };
    this.logger = node.getLogger();
    if (this.options.requireAuth && !this.options.authSecret) throw new Error('the bridge requires authentication but has no secret (set auth_secret_file or NAVSTACK_BRIDGE_SECRET)');
  }

  handleConnection(ws: BridgeSocket, info: { remoteAddress?: string } = {}): ClientConnection {
    const c = new ClientConnection(this, ws, this.#nextClientId++, info.remoteAddress ?? 'unknown');
    this.#connections.add(c);
    ws.on('close', () => {
      this.#connections.delete(c);
      c.dispose();
    });
    ws.on('error', (e) => this.logger.debug(`client ${c.id}: ${e.message}`));
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
      queued,
      queuedBytes,
      dropped,
    };
  }

  // ---- names and types

  resolve(name: string): string {
    return this.node.resolveName(name);
  }

  /** A message type as the client wrote it ('std_msgs/String' or 'std_msgs/msg/String'), checked. */
  messageType(type: string): MessageTypeName {
    if (!isMessageType(type)) throw new Error(`unknown message type '${type}' (navstack knows the types in packages/msgs/definitions)`);
    return canonicalTypeName(type) as MessageTypeName;
  }

  serviceType(type: string): ServiceTypeName {
    if (!isServiceType(type)) throw new Error(`unknown service type '${type}' (navstack knows the types in packages/msgs/definitions)`);
    return canonicalTypeName(type, 'srv') as ServiceTypeName;
  }

  /** The type of a topic on the graph, if anyone publishes or subscribes to it. */
  topicTypeOnGraph(resolved: string): string | undefined {
    const relay = this.#relays.get(resolved);
    if (relay) return relay.type;
    const pub = [...this.#publishers.values()].find((p) => p.publisher.topic === resolved);
    if (pub) return pub.type;
    return this.node.getTopicNamesAndTypes?.().find((t) => t.name === resolved)?.types[0];
  }

  serviceTypeOnGraph(resolved: string): string | undefined {
    return this.node.getServiceNamesAndTypes?.().find((s) => s.name === resolved)?.types[0];
  }

  /** True when a publisher of the topic is transient local (latched): late subscribers get the last message. */
  isLatched(resolved: string): boolean {
    const infos = this.node.getPublishersInfoByTopic?.(resolved);
    if (infos) return infos.some((p) => p.qos.durability === 'transient_local');
    return this.#relays.get(resolved)?.qos.durability === 'transient_local';
  }

  mayPublish(resolved: string): boolean {
    return this.options.publishAllowlist.some((pattern) => {
      if (pattern === '*') return true;
      if (pattern.endsWith('*')) return resolved.startsWith(this.#resolvePattern(pattern.slice(0, -1)));
      return resolved === this.resolve(pattern);
    });
  }

  #resolvePattern(prefix: string): string {
    if (prefix === '' || prefix === '/') return '/';
    return prefix.startsWith('/') ? prefix : `${this.resolve('x').slice(0, -1)}${prefix}`;
  }

  // ---- shared subscriptions

  /** The relay of a topic, created (and subscribed on the node) on first use; `attach` runs before any replayed message. */
  relay(resolved: string, type: MessageTypeName, attach: (r: TopicRelay) => void): TopicRelay {
    let r = this.#relays.get(resolved);
    if (r) {
      if (r.type !== type) throw new Error(`topic '${resolved}' has type ${r.type}, not ${type}`);
      attach(r);
      return r;
    }
    // rosbridge's choice: best effort matches every publisher; transient local if a latched publisher exists.
    const qos: Partial<QoS> = this.isLatched(resolved)
      ? { reliability: 'best_effort', durability: 'transient_local', history: 'keep_last', depth: 1 }
      : { reliability: 'best_effort', durability: 'volatile', history: 'keep_last', depth: 10 };
    r = new TopicRelay(resolved, type, qos);
    this.#relays.set(resolved, r);
    attach(r);
    try {
      r.start(this.node);
    } catch (e) {
      this.#relays.delete(resolved);
      r.stop();
      throw e;
    }
    return r;
  }

  releaseRelay(r: TopicRelay): void {
    if (r.listeners.size > 0) return;
    r.stop();
    if (this.#relays.get(r.topic) === r) this.#relays.delete(r.topic);
  }

  // ---- shared publishers

  acquirePublisher(owner: ClientConnection, resolved: string, type: MessageTypeName, latch: boolean): string {
    const key = `${resolved}|${latch ? 'latched' : 'volatile'}`;
    let p = this.#publishers.get(key);
    if (p && p.type !== type) throw new Error(`topic '${resolved}' is advertised with type ${p.type}, not ${type}`);
    if (!p) {
      const publisher = this.node.createPublisher(type, resolved, { qos: latch ? 'latched' : 'default' }) as Publisher<unknown>;
      p = { publisher, type, owners: new Set() };
      this.#publishers.set(key, p);
    }
    p.owners.add(owner);
    return key;
  }

  publisher(key: string): SharedPublisher | undefined {
    return this.#publishers.get(key);
  }

  releasePublisher(owner: ClientConnection, key: string): void {
    const p = this.#publishers.get(key);
    if (!p) return;
    p.owners.delete(owner);
    // A latched topic (the viewer's /estop) keeps its publisher, and so its last message for late
    // subscribers, after the browser that published it goes away. Only allowlisted topics get here.
    if (p.owners.size === 0 && !key.endsWith('|latched')) {
      p.publisher.destroy();
      this.#publishers.delete(key);
    }
  }

  serviceClient(resolved: string, type: ServiceTypeName): Client<ServiceTypeName> {
    const key = `${resolved}|${type}`;
    let c = this.#serviceClients.get(key);
    if (!c) {
      c = this.node.createClient(type, resolved);
      this.#serviceClients.set(key, c);
    }
    return c;
  }

  /** Closes every connection and releases what the bridge holds on the node. */
  close(): void {
    for (const c of [...this.#connections]) {
      c.dispose();
      c.ws.close(1001, 'bridge shutting down');
    }
    this.#connections.clear();
    for (const r of this.#relays.values()) r.stop();
    this.#relays.clear();
    for (const p of this.#publishers.values()) p.publisher.destroy();
    this.#publishers.clear();
    for (const c of this.#serviceClients.values()) c.destroy();
    this.#serviceClients.clear();
  }
}
