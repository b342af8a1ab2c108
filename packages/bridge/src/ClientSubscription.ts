import type { Compression } from './protocol/types.ts';
import type { RelayListener, TopicRelay } from './TopicRelay.ts';
import type { Outgoing } from './SendQueue.ts';

export interface SubscribeParams {
  throttleRate: number;
  queueLength: number;
  fragmentSize: number | undefined;
  compression: Compression;
}

/**
 * One client's subscription to one topic. Several subscribe ops (ids) on the same topic share it,
 * as rosbridge does: the smallest throttle_rate and fragment_size and the largest queue_length win.
 * With a throttle_rate, at most one message goes out per period; messages arriving in between wait
 * (up to queue_length of them, at least the newest, and never more than `maxPendingBytes` encoded),
 * so the last value always arrives.
 */
export class ClientSubscription implements RelayListener {
  readonly topicName: string;
  readonly relay: TopicRelay;
  readonly ids = new Map<string, SubscribeParams>();
  #params: SubscribeParams = { throttleRate: 0, queueLength: 0, fragmentSize: undefined, compression: 'none' };
  #lastSent = -Infinity;
  #pending: Outgoing[] = [];
  #pendingBytes = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #send: (out: Outgoing) => void;
  readonly #maxPendingBytes: number;

  constructor(topicName: string, relay: TopicRelay, send: (out: Outgoing) => void, maxPendingBytes: number) {
    this.topicName = topicName;
    this.relay = relay;
    this.#send = send;
    this.#maxPendingBytes = maxPendingBytes;
  }

  get params(): SubscribeParams {
    return this.#params;
  }

  set(id: string, p: SubscribeParams): void {
    this.ids.set(id, p);
    this.#recompute(p.compression);
  }

  /** Returns true when no id is left. */
  remove(id: string | undefined): boolean {
    if (id === undefined || !this.ids.has(id)) this.ids.clear();
    else this.ids.delete(id);
    if (this.ids.size > 0) this.#recompute(this.#params.compression);
    return this.ids.size === 0;
  }

  #recompute(compression: Compression): void {
    let throttleRate = Infinity;
    let queueLength = 0;
    let fragmentSize: number | undefined;
    for (const p of this.ids.values()) {
      throttleRate = Math.min(throttleRate, p.throttleRate);
      queueLength = Math.max(queueLength, p.queueLength);
      if (p.fragmentSize !== undefined) fragmentSize = Math.min(fragmentSize ?? Infinity, p.fragmentSize);
    }
    this.#params = { throttleRate, queueLength, fragmentSize, compression };
  }

  offer(message: unknown): void {
    const p = this.#params;
    const out = this.relay.encode(message, this.topicName, p.compression, p.fragmentSize);
    if (p.throttleRate <= 0) {
      this.#send(out);
      return;
    }
    const now = performance.now();
    if (this.#pending.length === 0 && now - this.#lastSent >= p.throttleRate) {
      this.#lastSent = now;
      this.#send(out);
      return;
    }
    this.#pending.push(out);
    this.#pendingBytes += out.bytes;
    const keep = Math.max(1, p.queueLength);
    while (this.#pending.length > 1 && (this.#pending.length > keep || this.#pendingBytes > this.#maxPendingBytes)) this.#pendingBytes -= this.#pending.shift()!.bytes;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#pending.length === 0) return;
    const wait = Math.max(0, this.#lastSent + this.#params.throttleRate - performance.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const out = this.#pending.shift();
      if (out === undefined) return;
      this.#pendingBytes -= out.bytes;
      this.#lastSent = performance.now();
      this.#send(out);
      this.#schedule();
    }, wait);
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.relay.listeners.delete(this);
  }
}
