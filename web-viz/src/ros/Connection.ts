import { Ros, Topic } from 'roslib';
import { RateMeter } from './RateMeter.ts';
import { withPageToken } from './token.ts';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface SubscribeOptions {
  compression?: 'none' | 'cbor';
  throttleMs?: number;
  queueLength?: number;
}

interface SubSpec {
  name: string;
  type: string;
  options: SubscribeOptions;
  callback: (msg: unknown) => void;
  meter: RateMeter;
  topic?: Topic<unknown>;
}

interface PubSpec {
  name: string;
  type: string;
  latch: boolean;
  topic?: Topic<unknown>;
}

/**
 * One rosbridge connection through roslib, with reconnect. Subscriptions and publishers are
 * declared once and re-created on every new connection (another URL, or after a drop).
 */
export class Connection {
  url = '';
  /** The page's token: sent to the server the page came from (see token.ts). */
  token: string | undefined;
  state: ConnectionState = 'disconnected';
  detail = '';
  readonly subs: SubSpec[] = [];
  readonly #pubs = new Map<string, PubSpec>();
  #ros: Ros | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #retryDelay = 500;
  #generation = 0;
  readonly #listeners: ((s: ConnectionState, detail: string) => void)[] = [];

  onState(listener: (s: ConnectionState, detail: string) => void): void {
    this.#listeners.push(listener);
  }

  #set(state: ConnectionState, detail: string): void {
    this.state = state;
    this.detail = detail;
    for (const l of this.#listeners) l(state, detail);
  }

  subscribe<T>(name: string, type: string, callback: (msg: T) => void, options: SubscribeOptions = {}): RateMeter {
    const spec: SubSpec = { name, type, options, callback: callback as (m: unknown) => void, meter: new RateMeter() };
    this.subs.push(spec);
    if (this.#ros && this.state === 'connected') this.#startSub(this.#ros, spec);
    return spec.meter;
  }

  /** Declares a topic this viewer publishes (latched topics are advertised with latch). */
  advertise(name: string, type: string, latch = false): void {
    if (!this.#pubs.has(name)) this.#pubs.set(name, { name, type, latch });
  }

  /** Publishes if connected; returns false (and sends nothing) otherwise. */
  publish(name: string, msg: unknown): boolean {
    const spec = this.#pubs.get(name);
    if (!spec) throw new Error(`publish to '${name}': call advertise() first`);
    if (!this.#ros || this.state !== 'connected') return false;
    if (!spec.topic) {
      spec.topic = new Topic({ ros: this.#ros, name: spec.name, messageType: spec.type, latch: spec.latch, reconnect_on_close: false });
      spec.topic.advertise();
    }
    spec.topic.publish(msg);
    return true;
  }

  connect(url: string): void {
    this.url = url;
    this.#retryDelay = 500;
    this.#open();
  }

  #startSub(ros: Ros, s: SubSpec): void {
    s.topic = new Topic({
      ros,
      name: s.name,
      messageType: s.type,
      compression: s.options.compression ?? 'cbor',
      throttle_rate: s.options.throttleMs ?? 0,
      queue_length: s.options.queueLength ?? 1,
      reconnect_on_close: false,
    });
    s.topic.subscribe((m) => {
      s.meter.tick();
      try {
        s.callback(m);
      } catch (e) {
        console.error(`handler of ${s.name} failed`, e);
      }
    });
  }

  #teardown(): void {
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = undefined;
    for (const s of this.subs) s.topic = undefined;
    for (const p of this.#pubs.values()) p.topic = undefined;
    const old = this.#ros;
    this.#ros = undefined;
    if (old) {
      old.removeAllListeners();
      old.on('error', () => {});
      try {
        old.close();
      } catch {
        /* already closed */
      }
    }
  }

  #open(): void {
    this.#teardown();
    const gen = ++this.#generation;
    const url = this.url;
    this.#set('connecting', url);
    const ros = new Ros({});
    this.#ros = ros;
    ros.on('connection', () => {
      if (gen !== this.#generation) return;
      this.#retryDelay = 500;
      this.#set('connected', url);
      for (const s of this.subs) this.#startSub(ros, s);
    });
    const lost = (why: string) => {
      if (gen !== this.#generation || this.#retry) return;
      this.#set('disconnected', why);
      this.#retry = setTimeout(() => {
        this.#retry = undefined;
        if (gen === this.#generation) this.#open();
      }, this.#retryDelay);
      this.#retryDelay = Math.min(5000, this.#retryDelay * 2);
    };
    ros.on('close', () => lost(`connection to ${url} closed; retrying`));
    ros.on('error', () => lost(`cannot reach ${url}; retrying`));
    ros.connect(withPageToken(url, this.token)).catch((e: unknown) => lost(`cannot connect to ${url}: ${String(e)}`));
  }
}
