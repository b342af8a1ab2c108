import { qosIncompatibility, type QoS } from '../qos.ts';
import type { Logger } from '../interfaces.ts';

/** A bounded FIFO; KEEP_LAST drops the oldest element when full. */
class Ring<T> {
  #items: (T | undefined)[];
  #head = 0;
  #size = 0;
  constructor(capacity: number) {
    this.#items = new Array(Math.max(1, capacity));
  }
  get size(): number {
    return this.#size;
  }
  /** Returns false when the oldest element was dropped to make room (only if `bounded`). */
  push(x: T, bounded: boolean): boolean {
    const cap = this.#items.length;
    if (this.#size === cap) {
      if (bounded) {
        this.#items[this.#head] = x;
        this.#head = (this.#head + 1) % cap;
        return false;
      }
      const grown: (T | undefined)[] = new Array(cap * 2);
      for (let i = 0; i < this.#size; i++) grown[i] = this.#items[(this.#head + i) % cap];
      this.#items = grown;
      this.#head = 0;
    }
    this.#items[(this.#head + this.#size) % this.#items.length] = x;
    this.#size++;
    return true;
  }
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const x = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#items.length;
    this.#size--;
    return x;
  }
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.#size; i++) out.push(this.#items[(this.#head + i) % this.#items.length] as T);
    return out;
  }
}

export interface BusSubscription {
  readonly topic: string;
  readonly type: string;
  readonly qos: QoS;
  readonly nodeName: string;
  readonly callback: (msg: unknown) => void;
  /** Messages waiting for this subscription (its KEEP_LAST queue). */
  readonly queue: Ring<unknown>;
  active: boolean;
}

export interface BusPublisher {
  readonly topic: string;
  readonly type: string;
  readonly qos: QoS;
  readonly nodeName: string;
  /** The last `depth` messages of a transient-local publisher, replayed to late subscribers. */
  readonly history?: Ring<unknown>;
  active: boolean;
}

interface TopicState {
  type: string;
  publishers: BusPublisher[];
  subscriptions: BusSubscription[];
}

type Work = BusSubscription | (() => void);

/**
 * The in-process middleware of the local backend. Delivery hands the same object to every
 * subscriber (no copy, no serialization) and runs to completion: a publish outside a callback
 * delivers before it returns; a publish from inside a callback is queued and delivered, in
 * order, right after that callback. The order of deliveries is therefore deterministic.
 */
export class Bus {
  readonly #topics = new Map<string, TopicState>();
  readonly #ready = new Ring<Work>(1024);
  #draining = false;
  #warned = new Set<string>();
  constructor(readonly logger: Logger) {}

  #topic(name: string, type: string, who: string): TopicState {
    let t = this.#topics.get(name);
    if (!t) {
      t = { type, publishers: [], subscriptions: [] };
      this.#topics.set(name, t);
    } else if (t.type !== type && (t.publishers.length > 0 || t.subscriptions.length > 0)) {
      throw new Error(`topic '${name}' already has type ${t.type}; ${who} asked for ${type}`);
    } else t.type = type;
    return t;
  }

  addPublisher(topic: string, type: string, qos: QoS, nodeName: string): BusPublisher {
    const t = this.#topic(topic, type, `publisher in ${nodeName}`);
    const pub: BusPublisher = {
      topic,
      type,
      qos,
      nodeName,
      active: true,
      history: qos.durability === 'transient_local' ? new Ring(qos.history === 'keep_all' ? 16 : qos.depth) : undefined,
    };
    t.publishers.push(pub);
    for (const s of t.subscriptions) this.#checkCompat(pub, s);
    return pub;
  }

  addSubscription(topic: string, type: string, qos: QoS, nodeName: string, callback: (msg: unknown) => void): BusSubscription {
    const t = this.#topic(topic, type, `subscription in ${nodeName}`);
    const sub: BusSubscription = { topic, type, qos, nodeName, callback, queue: new Ring(qos.history === 'keep_all' ? 16 : qos.depth), active: true };
    t.subscriptions.push(sub);
    // Late joiner: replay what transient-local publishers kept.
    if (qos.durability === 'transient_local') {
      for (const p of t.publishers) if (p.history && this.#checkCompat(p, sub)) for (const m of p.history.toArray()) this.#enqueue(sub, m);
      this.drain();
    } else for (const p of t.publishers) this.#checkCompat(p, sub);
    return sub;
  }

  #checkCompat(pub: BusPublisher, sub: BusSubscription): boolean {
    const why = qosIncompatibility(pub.qos, sub.qos);
    if (!why) return true;
    const key = `${pub.nodeName}>${sub.nodeName}:${pub.topic}`;
    // Warn once the node has made all its subscriptions: it may subscribe the topic twice on purpose (the
    // e-stop, latched and volatile), and is only deaf to this publisher when none of them can hear it.
    queueMicrotask(() => {
      if (this.#warned.has(key)) return;
      const mine = (this.#topics.get(pub.topic)?.subscriptions ?? []).filter((s) => s.nodeName === sub.nodeName && s.active);
      if (!pub.active || mine.some((s) => !qosIncompatibility(pub.qos, s.qos))) return;
      this.#warned.add(key);
      this.logger.warn(`incompatible QoS on '${pub.topic}' (${pub.nodeName} -> ${sub.nodeName}): ${why}; no messages will be delivered`);
    });
    return false;
  }

  removePublisher(pub: BusPublisher): void {
    pub.active = false;
    const t = this.#topics.get(pub.topic);
    if (t) t.publishers = t.publishers.filter((p) => p !== pub);
  }

  removeSubscription(sub: BusSubscription): void {
    sub.active = false;
    const t = this.#topics.get(sub.topic);
    if (t) t.subscriptions = t.subscriptions.filter((s) => s !== sub);
  }

  publish(pub: BusPublisher, msg: unknown): void {
    if (!pub.active) throw new Error(`publisher on '${pub.topic}' was destroyed`);
    pub.history?.push(msg, pub.qos.history === 'keep_last');
    const t = this.#topics.get(pub.topic)!;
    const subs = t.subscriptions;
    for (let i = 0; i < subs.length; i++) {
      const s = subs[i]!;
      if (s.qos.reliability === 'reliable' && pub.qos.reliability === 'best_effort') continue;
      if (s.qos.durability === 'transient_local' && pub.qos.durability === 'volatile') continue;
      this.#enqueue(s, msg);
    }
    if (!this.#draining) this.drain();
  }

  #enqueue(s: BusSubscription, msg: unknown): void {
    // One ready entry per message; a dropped (oldest) message leaves an entry that finds nothing or a newer one.
    s.queue.push(msg, s.qos.history === 'keep_last');
    this.#ready.push(s, false);
  }

  /** Runs a callback on the executor, after work already queued (used for timers and service calls). */
  post(fn: () => void): void {
    this.#ready.push(fn, false);
    if (!this.#draining) this.drain();
  }

  /** Delivers everything queued; returns how many callbacks ran. */
  drain(): number {
    if (this.#draining) return 0;
    this.#draining = true;
    let n = 0;
    try {
      for (let w = this.#ready.shift(); w !== undefined; w = this.#ready.shift()) {
        if (typeof w === 'function') {
          this.#run(w, 'timer or service callback');
          n++;
          continue;
        }
        if (!w.active || w.queue.size === 0) continue;
        const msg = w.queue.shift();
        const cb = w.callback;
        this.#run(() => cb(msg), `subscription callback on '${w.topic}' in ${w.nodeName}`);
        n++;
      }
    } finally {
      this.#draining = false;
    }
    return n;
  }

  #run(fn: () => void, what: string): void {
    try {
      fn();
    } catch (e) {
      // One failing callback must not stop delivery to the rest of the system.
      this.logger.error(`${what} threw: ${(e as Error).stack ?? e}`);
    }
  }

  subscriptionCount(topic: string): number {
    return this.#topics.get(topic)?.subscriptions.length ?? 0;
  }

  publisherCount(topic: string): number {
    return this.#topics.get(topic)?.publishers.length ?? 0;
  }

  publishersInfo(topic: string): { nodeName: string; topicType: string; qos: QoS }[] {
    return (this.#topics.get(topic)?.publishers ?? []).map((p) => ({ nodeName: p.nodeName, topicType: p.type, qos: p.qos }));
  }

  topicNamesAndTypes(): { name: string; types: string[] }[] {
    return [...this.#topics.entries()]
      .filter(([, t]) => t.publishers.length + t.subscriptions.length > 0)
      .map(([name, t]) => ({ name, types: [t.type] }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
