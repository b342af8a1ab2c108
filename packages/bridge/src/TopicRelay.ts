import { encodeCdr, toRosbridgeJson, type Message, type MessageTypeName } from '@navstack/msgs';
import type { QoS } from '@navstack/rcl';
import type { BridgeGraph, GraphHandle } from './graph/BridgeGraph.ts';
import { encodeCbor, fragmentJson } from './protocol/parse.ts';
import type { Compression } from './protocol/types.ts';
import type { Outgoing } from './SendQueue.ts';

/** Something a relay hands each message to (one client's subscription to the topic). */
export interface RelayListener {
  offer(message: unknown): void;
}

let fragmentSeq = 0;

/**
 * One navstack subscription per topic, shared by every client subscribed to it. Each message is
 * encoded once per (topic name, compression, fragment size) and the same bytes go to every client.
 */
export class TopicRelay {
  readonly topic: string;
  readonly type: MessageTypeName;
  readonly qos: Partial<QoS>;
  readonly listeners = new Set<RelayListener>();
  /** The last message seen, replayed to late subscribers when the topic is latched. */
  last: unknown = undefined;
  received = 0;
  /** Messages a listener could not take (e.g. not encodable), and the last reason. */
  errors = 0;
  lastError = '';
  #sub: GraphHandle | undefined;
  #stopped = false;
  #cache = new WeakMap<object, Map<string, Outgoing>>();

  constructor(topic: string, type: MessageTypeName, qos: Partial<QoS>) {
    this.topic = topic;
    this.type = type;
    this.qos = qos;
  }

  /** True when it subscribes transient local: its last message goes to each new listener. */
  get latched(): boolean {
    return this.qos.durability === 'transient_local';
  }

  /** Subscribes on the graph; a transient-local subscription may deliver the latched message right away. */
  async start(graph: BridgeGraph): Promise<void> {
    const sub = await graph.subscribe(this.topic, this.type, this.qos, (m) => this.#onMessage(m));
    if (this.#stopped) sub.destroy();
    else this.#sub = sub;
  }

  #onMessage(message: unknown): void {
    if (this.#stopped) return;
    this.last = message;
    this.received++;
    for (const l of this.listeners) {
      try {
        l.offer(message);
      } catch (e) {
        // One message that cannot be encoded (or one listener's fault) must not stop the others.
        this.errors++;
        this.lastError = (e as Error).message;
      }
    }
  }

  /** The frames of a `publish` op carrying this message, cached per message object. */
  encode(message: unknown, topicName: string, compression: Compression, fragmentSize: number | undefined): Outgoing {
    const key = `${compression}|${fragmentSize ?? 0}|${topicName}`;
    const m = message as object;
    let perMessage = this.#cache.get(m);
    if (!perMessage) {
      perMessage = new Map();
      this.#cache.set(m, perMessage);
    }
    let out = perMessage.get(key);
    if (!out) {
      out = this.#encode(message, topicName, compression, fragmentSize);
      perMessage.set(key, out);
    }
    return out;
  }

  #encode(message: unknown, topic: string, compression: Compression, fragmentSize: number | undefined): Outgoing {
    if (compression === 'cbor') {
      const bytes = encodeCbor({ op: 'publish', topic, msg: message });
      return { frames: [bytes], binary: true, bytes: bytes.byteLength, droppable: true };
    }
    if (compression === 'cbor-raw') {
      const cdr = encodeCdr(this.type, message as Message<MessageTypeName>);
      const now = Date.now();
      const bytes = encodeCbor({ op: 'publish', topic, msg: { secs: Math.floor(now / 1000), nsecs: (now % 1000) * 1e6, bytes: cdr } });
      return { frames: [bytes], binary: true, bytes: bytes.byteLength, droppable: true };
    }
    const json = JSON.stringify({ op: 'publish', topic, msg: toRosbridgeJson(this.type, message as Message<MessageTypeName>) });
    const frames = fragmentSize ? fragmentJson(json, fragmentSize, `publish:${topic}:${++fragmentSeq}`) : [Buffer.from(json, 'utf8')];
    let bytes = 0;
    for (const f of frames) bytes += f.byteLength;
    return { frames, binary: false, bytes, droppable: true };
  }

  stop(): void {
    this.#stopped = true;
    this.#sub?.destroy();
    this.#sub = undefined;
    this.listeners.clear();
    this.last = undefined;
  }
}
