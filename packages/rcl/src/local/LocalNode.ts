import type { Message, MessageTypeName, ServiceTypeName } from '@navstack/msgs';
import type { Client, Clock, Node, NodeOptions, Publisher, Request, Response, Service, Subscription, Timer, PublisherOptions, SubscriptionOptions } from '../interfaces.ts';
import { makeClock, systemNanos } from '../clock.ts';
import { SimTimers } from '../SimTimers.ts';
import { expandTopicName, remapName, type RemapRule } from '../names.ts';
import { NodeBase } from '../NodeBase.ts';
import { resolveQoS, type QoS } from '../qos.ts';
import type { Bus, BusPublisher, BusSubscription } from './Bus.ts';
import type { ServiceRegistry } from './ServiceRegistry.ts';

export class LocalNode extends NodeBase implements Node {
  readonly #bus: Bus;
  readonly #services: ServiceRegistry;
  readonly #remaps: readonly RemapRule[];
  readonly #clock: Clock;
  readonly #simTimers: SimTimers;
  readonly #timers: Timer[] = [];
  readonly publishers: BusPublisher[] = [];
  readonly subscriptions: BusSubscription[] = [];
  readonly servicesOffered: { name: string; type: string; destroy: () => void }[] = [];
  #destroyed = false;
  readonly #onDestroy: (n: LocalNode) => void;

  constructor(bus: Bus, services: ServiceRegistry, name: string, options: NodeOptions, onDestroy: (n: LocalNode) => void) {
    super(name, options.namespace, options.parameterOverrides ?? {});
    this.#bus = bus;
    this.#services = services;
    this.#onDestroy = onDestroy;
    this.#remaps = options.remappings ?? [];
    const useSimTime = this.params.declare('use_sim_time', false, { description: 'follow /clock instead of the system clock' });
    this.#simTimers = new SimTimers((cb) => bus.post(cb));
    this.#clock = makeClock(useSimTime ? () => this.#simTimers.nowNanos : systemNanos, useSimTime);
    if (useSimTime) {
      this.createSubscription('rosgraph_msgs/msg/Clock', '/clock', { qos: 'clock' }, (m) => this.#simTimers.advance(BigInt(m.clock.sec) * 1_000_000_000n + BigInt(m.clock.nanosec)));
    }
  }

  #check(): void {
    if (this.#destroyed) throw new Error(`node ${this.fullyQualifiedName} was destroyed`);
  }

  resolveName(name: string): string {
    return remapName(expandTopicName(name, this.name, this.namespace), this.#remaps, this.name, this.namespace);
  }

  createPublisher<T extends MessageTypeName>(type: T, topic: string, options: PublisherOptions = {}): Publisher<Message<T>> {
    this.#check();
    const qos = resolveQoS(options.qos);
    const name = this.resolveName(topic);
    const bus = this.#bus;
    const bp = bus.addPublisher(name, type, qos, this.fullyQualifiedName);
    this.publishers.push(bp);
    return {
      topic: name,
      type,
      qos,
      publish: (m) => bus.publish(bp, m),
      subscriptionCount: () => bus.subscriptionCount(name),
      destroy: () => bus.removePublisher(bp),
    };
  }

  createSubscription<T extends MessageTypeName>(type: T, topic: string, options: SubscriptionOptions, callback: (message: Message<T>) => void): Subscription {
    this.#check();
    const qos = resolveQoS(options.qos);
    const name = this.resolveName(topic);
    const bs = this.#bus.addSubscription(name, type, qos, this.fullyQualifiedName, callback as (m: unknown) => void);
    this.subscriptions.push(bs);
    return { topic: name, type, qos, destroy: () => this.#bus.removeSubscription(bs) };
  }

  createTimer(periodSeconds: number, callback: () => void): Timer {
    this.#check();
    if (!(periodSeconds > 0)) throw new Error(`timer period must be positive, got ${periodSeconds}`);
    let timer: Timer;
    if (this.#clock.isSimTime) {
      const t = this.#simTimers.add(BigInt(Math.round(periodSeconds * 1e9)), callback);
      timer = { periodSeconds, ...t };
    } else {
      const handle = setInterval(() => this.#bus.post(callback), periodSeconds * 1000);
      let canceled = false;
      timer = {
        periodSeconds,
        cancel: () => {
          canceled = true;
          clearInterval(handle);
        },
        isCanceled: () => canceled,
      };
    }
    this.#timers.push(timer);
    return timer;
  }

  createService<S extends ServiceTypeName>(type: S, name: string, handler: (request: Request<S>) => Response<S> | Promise<Response<S>>): Service {
    this.#check();
    const fq = this.resolveName(name);
    const destroy = this.#services.advertise(fq, type, this.fullyQualifiedName, handler as (r: unknown) => unknown);
    this.servicesOffered.push({ name: fq, type, destroy });
    return { name: fq, destroy };
  }

  createClient<S extends ServiceTypeName>(type: S, name: string): Client<S> {
    this.#check();
    const fq = this.resolveName(name);
    const reg = this.#services;
    return {
      name: fq,
      sendRequest: (req, opts) => reg.call(fq, type, req, opts?.timeoutSeconds ?? 5) as Promise<Response<S>>,
      isServiceAvailable: () => reg.has(fq),
      waitForService: (timeout) => reg.waitFor(fq, timeout),
      destroy: () => {},
    };
  }

  undeclaredOverrides(): string[] {
    return this.params.undeclaredOverrides();
  }

  getTopicNamesAndTypes(): { name: string; types: string[] }[] {
    return this.#bus.topicNamesAndTypes();
  }
  getServiceNamesAndTypes(): { name: string; types: string[] }[] {
    return this.#services.list().map((s) => ({ name: s.name, types: [s.type] }));
  }
  getPublishersInfoByTopic(topic: string): { nodeName: string; topicType: string; qos: QoS }[] {
    return this.#bus.publishersInfo(topic);
  }

  getClock(): Clock {
    return this.#clock;
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    for (const t of this.#timers) t.cancel();
    for (const p of this.publishers) this.#bus.removePublisher(p);
    for (const s of this.subscriptions) this.#bus.removeSubscription(s);
    for (const s of this.servicesOffered) s.destroy();
    this.#onDestroy(this);
  }
}

