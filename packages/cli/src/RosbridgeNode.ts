// A navstack Node that talks to a running navstack (or any ROS 2 robot with rosbridge_server)
// over the rosbridge v2 protocol, for command-line tools such as `navstack teleop`. Topics only:
// services and remote parameters are not offered through it.
import { Ros, Topic } from 'roslib';
import { fromRosbridgeJson, timeFromNanos, toRosbridgeJson, type Message, type MessageTypeName } from '@navstack/msgs';
import { expandTopicName, NodeBase, resolveQoS, type Client, type Clock, type Node, type Publisher, type PublisherOptions, type Service, type Subscription, type SubscriptionOptions, type Timer } from '@navstack/rcl';

export async function connectRosbridge(url: string, timeoutSeconds = 5): Promise<Ros> {
  const ros = new Ros({});
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no rosbridge server answered at ${url} within ${timeoutSeconds} s (is navstack launch running with viewer:=true?)`)), timeoutSeconds * 1000);
    ros.once('connection', () => {
      clearTimeout(timer);
      resolve();
    });
    ros.once('error', () => {
      clearTimeout(timer);
      reject(new Error(`cannot connect to rosbridge at ${url}`));
    });
    ros.connect(url);
  });
  return ros;
}

export class RosbridgeNode extends NodeBase implements Node {
  readonly #timers = new Set<ReturnType<typeof setInterval>>();
  readonly #clock: Clock = {
    isSimTime: false,
    nowNanos: () => BigInt(Date.now()) * 1_000_000n,
    now: () => timeFromNanos(BigInt(Date.now()) * 1_000_000n),
    nowSeconds: () => Date.now() / 1000,
  };

  constructor(
    readonly ros: Ros,
    name: string,
  ) {
    super(name, '/', {});
  }

  resolveName(name: string): string {
    return expandTopicName(name, this.name, this.namespace);
  }

  createPublisher<T extends MessageTypeName>(type: T, topic: string, options: PublisherOptions = {}): Publisher<Message<T>> {
    const name = this.resolveName(topic);
    const t = new Topic({ ros: this.ros, name, messageType: type, latch: resolveQoS(options.qos).durability === 'transient_local' });
    t.advertise();
    return { topic: name, type, qos: resolveQoS(options.qos), publish: (m) => t.publish(toRosbridgeJson(type, m)), subscriptionCount: () => 0, destroy: () => t.unadvertise() };
  }

  createSubscription<T extends MessageTypeName>(type: T, topic: string, options: SubscriptionOptions, callback: (message: Message<T>) => void): Subscription {
    const name = this.resolveName(topic);
    const t = new Topic({ ros: this.ros, name, messageType: type });
    t.subscribe((m) => callback(fromRosbridgeJson(type, m)));
    return { topic: name, type, qos: resolveQoS(options.qos), destroy: () => t.unsubscribe() };
  }

  createTimer(periodSeconds: number, callback: () => void): Timer {
    const h = setInterval(callback, periodSeconds * 1000);
    this.#timers.add(h);
    let canceled = false;
    return {
      periodSeconds,
      cancel: () => {
        canceled = true;
        clearInterval(h);
        this.#timers.delete(h);
      },
      isCanceled: () => canceled,
    };
  }

  /** The server's topics and types (rosapi/topics, which navstack's bridge and rosbridge_server answer). */
  listTopics(): Promise<{ name: string; types: string[] }[]> {
    return new Promise((resolve, reject) =>
      this.ros.getTopics(
        (r) => resolve(r.topics.map((name, i) => ({ name, types: [r.types[i] ?? ''] }))),
        (e) => reject(new Error(`rosapi/topics: ${String(e)}`)),
      ),
    );
  }

  createService(): Service {
    throw new Error('services are not offered over rosbridge by navstack tools');
  }
  createClient(): Client<never> {
    throw new Error('service clients are not offered over rosbridge by navstack tools');
  }
  getClock(): Clock {
    return this.#clock;
  }
  destroy(): void {
    for (const h of this.#timers) clearInterval(h);
    this.ros.close();
  }
}
