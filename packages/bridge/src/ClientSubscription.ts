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
 * (up to queue_length of them, at least the newest), so the last value always arrives.
 */
export class ClientSubscription implements RelayListener {
  readonly topicName: string;
  readonly relay: TopicRelay;
  readonly ids = new Map<string, SubscribeParams>();
  #params: SubscribeParams = { throttleRate: 0, queueLength: 0, fragmentSize: undefined, compression: 'none' };
  #lastSent = -Infinity;
  #pending: unknown[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #send: (out: Outgoing) => void;

  constructor(topicName: string, relay: TopicRelay, send: (out: Outgoing) => void) {
    this.topicName = topicName;
    this.relay = relay;
    this.#send = send;
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
    const all = [...this.ids.values()];
    const sizes = all.map((p) => p.fragmentSize).filter((x): x is number => x !== undefined);
    this.#params = {
      throttleRate: Math.min(...all.map((p) => p.throttleRate)),
      queueLength: Math.max(...all.map((p) => p.queueLength)),
      fragmentSize: sizes.length ? Math.min(...sizes) : undefined,
      compression,
    };
  }

  offer(message: unknown): void {
    const p = this.#params;
    if (p.throttleRate <= 0) {
      this.#emit(message);
      return;
    }
    const now = performance.now();
    if (this.#pending.length === 0 && now - this.#lastSent >= p.throttleRate) {
      this.#lastSent = now;
      this.#emit(message);
      return;
    }
    this.#pending.push(message);
    const keep = Math.max(1, p.queueLength);
    if (this.#pending.length > keep) this.#pending.splice(0, this.#pending.length - keep);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#pending.length === 0) return;
    const wait = Math.max(0, this.#lastSent + this.#params.throttleRate - performance.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const m = this.#pending.shift();
      if (m === undefined) return;
      this.#lastSent = performance.now();
      this.#emit(m);
      this.#schedule();
    }, wait);
  }

  #emit(message: unknown): void {
    const p = this.#params;
    this.#send(this.relay.encode(message, this.topicName, p.compression, p.fragmentSize));
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = [];
    this.relay.listeners.delete(this);
  }
}
