// The ros2 backend: navstack's Node interface over rclnodejs. rclnodejs is an optional
// dependency that only builds where a ROS 2 distribution is sourced, so it is loaded lazily.
import type { Message, MessageTypeName, ServiceTypeName } from '@navstack/msgs';
import { timeFromNanos } from '@navstack/msgs';
import type { Client, Clock, Context, GraphNodeInfo, Node, NodeOptions, Publisher, PublisherOptions, Request, Response, Service, Subscription, SubscriptionOptions, Timer } from '../interfaces.ts';
import { expandTopicName, remapName } from '../names.ts';
import { NodeBase } from '../NodeBase.ts';
import { resolveQoS, type QoS } from '../qos.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- rclnodejs is untyped here: it may not be installed */
type Rcl = any;

export class Ros2UnavailableError extends Error {
  constructor(detail: string) {
    super(
      `the ros2 backend needs rclnodejs built against a sourced ROS 2: run 'source /opt/ros/<distro>/setup.bash' (Humble, Jazzy or newer), then 'npm install rclnodejs' in this folder (${detail})`,
    );
    this.name = 'Ros2UnavailableError';
  }
}

/** Why the ros2 backend cannot start here, or undefined when it can. */
export async function ros2Unavailability(): Promise<string | undefined> {
  if (!process.env.ROS_DISTRO) return 'ROS_DISTRO is not set: no ROS 2 environment is sourced';
  try {
    await import('rclnodejs' as string);
    return undefined;
  } catch (e) {
    return `rclnodejs cannot be loaded: ${(e as Error).message.split('\n')[0]}`;
  }
}

function toRclQoS(rcl: Rcl, q: QoS): unknown {
  const P = rcl.QoS;
  return new rcl.QoS(
    q.history === 'keep_last' ? P.HistoryPolicy.RMW_QOS_POLICY_HISTORY_KEEP_LAST : P.HistoryPolicy.RMW_QOS_POLICY_HISTORY_KEEP_ALL,
    q.depth,
    q.reliability === 'reliable' ? P.ReliabilityPolicy.RMW_QOS_POLICY_RELIABILITY_RELIABLE : P.ReliabilityPolicy.RMW_QOS_POLICY_RELIABILITY_BEST_EFFORT,
    q.durability === 'transient_local' ? P.DurabilityPolicy.RMW_QOS_POLICY_DURABILITY_TRANSIENT_LOCAL : P.DurabilityPolicy.RMW_QOS_POLICY_DURABILITY_VOLATILE,
  );
}

class Ros2Node extends NodeBase implements Node {
  readonly #rcl: Rcl;
  readonly #node: any;
  readonly #options: NodeOptions;
  readonly #clock: Clock;

  constructor(rcl: Rcl, name: string, options: NodeOptions) {
    super(name, options.namespace, options.parameterOverrides ?? {});
    this.#rcl = rcl;
    this.#options = options;
    const overrides = options.parameterOverrides ?? {};
    this.#node = new rcl.Node(name, this.namespace, rcl.Context.defaultContext(), undefined);
    // use_sim_time is the node's own ROS parameter: setting it makes rclnodejs's clock follow /clock.
    if (overrides.use_sim_time === true) this.#node.setParameter(new rcl.Parameter('use_sim_time', rcl.ParameterType.PARAMETER_BOOL, true));
    this.params.declare('use_sim_time', false);
    const rosClock = this.#node.getClock();
    const nanos = (): bigint => BigInt(rosClock.now().nanoseconds);
    this.#clock = { isSimTime: overrides.use_sim_time === true, nowNanos: nanos, now: () => timeFromNanos(nanos()), nowSeconds: () => Number(nanos()) / 1e9 };
    rcl.spin(this.#node);
  }

  resolveName(name: string): string {
    return remapName(expandTopicName(name, this.name, this.namespace), this.#options.remappings ?? [], this.name, this.namespace);
  }

  createPublisher<T extends MessageTypeName>(type: T, topic: string, options: PublisherOptions = {}): Publisher<Message<T>> {
    const qos = resolveQoS(options.qos);
    const name = this.resolveName(topic);
    const p = this.#node.createPublisher(type, name, { qos: toRclQoS(this.#rcl, qos) });
    return { topic: name, type, qos, publish: (m) => p.publish(m), subscriptionCount: () => p.subscriptionCount ?? this.#node.countSubscribers(name), destroy: () => this.#node.destroyPublisher(p) };
  }

  createSubscription<T extends MessageTypeName>(type: T, topic: string, options: SubscriptionOptions, callback: (message: Message<T>) => void): Subscription {
    const qos = resolveQoS(options.qos);
    const name = this.resolveName(topic);
    const s = this.#node.createSubscription(type, name, { qos: toRclQoS(this.#rcl, qos) }, callback);
    return { topic: name, type, qos, destroy: () => this.#node.destroySubscription(s) };
  }

  createTimer(periodSeconds: number, callback: () => void): Timer {
    const t = this.#node.createTimer(BigInt(Math.round(periodSeconds * 1e9)), callback, this.#node.getClock());
    return { periodSeconds, cancel: () => t.cancel(), isCanceled: () => t.isCanceled() };
  }

  createService<S extends ServiceTypeName>(type: S, name: string, handler: (request: Request<S>) => Response<S> | Promise<Response<S>>): Service {
    const fq = this.resolveName(name);
    const s = this.#node.createService(type, fq, (req: Request<S>, response: any) => {
      Promise.resolve(handler(req)).then(
        (res) => response.send(res),
        (e: Error) => this.logger.error(`service ${fq} failed: ${e.message}`),
      );
    });
    return { name: fq, destroy: () => this.#node.destroyService(s) };
  }

  createClient<S extends ServiceTypeName>(type: S, name: string): Client<S> {
    const fq = this.resolveName(name);
    const c = this.#node.createClient(type, fq);
    return {
      name: fq,
      sendRequest: async (req, opts) => {
        const timeout = opts?.timeoutSeconds ?? 5;
        if (!(await c.waitForService(timeout * 1000))) throw new Error(`service '${fq}' did not answer within ${timeout} s (is the node that offers it running?)`);
        return new Promise<Response<S>>((resolve) => c.sendRequest(req, resolve));
      },
      isServiceAvailable: () => c.isServiceServerAvailable(),
      waitForService: (t) => c.waitForService(t * 1000),
      destroy: () => this.#node.destroyClient(c),
    };
  }

  getClock(): Clock {
    return this.#clock;
  }

  getTopicNamesAndTypes(): { name: string; types: string[] }[] {
    return this.#node.getTopicNamesAndTypes();
  }
  getServiceNamesAndTypes(): { name: string; types: string[] }[] {
    return this.#node.getServiceNamesAndTypes();
  }

  /** The rclnodejs node, for graph queries. */
  get rclNode(): any {
    return this.#node;
  }

  destroy(): void {
    this.#node.destroy();
  }
}

export class Ros2Context implements Context {
  readonly backend = 'ros2' as const;
  readonly #rcl: Rcl;
  readonly #nodes: Ros2Node[] = [];
  #shutdown = false;
  #resolveShutdown!: () => void;
  readonly shutdownPromise = new Promise<void>((r) => (this.#resolveShutdown = r));

  private constructor(rcl: Rcl) {
    this.#rcl = rcl;
  }

  static async create(rosArgs: string[]): Promise<Ros2Context> {
    const why = await ros2Unavailability();
    if (why) throw new Ros2UnavailableError(why);
    const mod = await import('rclnodejs' as string);
    const rcl = mod.default ?? mod;
    await rcl.init(rcl.Context.defaultContext(), rosArgs);
    return new Ros2Context(rcl);
  }

  createNode(name: string, options: NodeOptions = {}): Node {
    const n = new Ros2Node(this.#rcl, name, options);
    this.#nodes.push(n);
    return n;
  }

  graph(): GraphNodeInfo[] {
    const names = (list: { name: string; types: string[] }[]) => list.map((t) => ({ topic: t.name, type: t.types[0] ?? '' }));
    return this.#nodes.map((n) => ({
      name: n.name,
      namespace: n.namespace,
      fullyQualifiedName: n.fullyQualifiedName,
      publishers: names(n.rclNode.getPublisherNamesAndTypesByNode(n.name, n.namespace)),
      subscriptions: names(n.rclNode.getSubscriptionNamesAndTypesByNode(n.name, n.namespace)),
      services: names(n.rclNode.getServiceNamesAndTypesByNode(n.name, n.namespace)).map((s) => ({ name: s.topic, type: s.type })),
      parameters: n.parameters(),
    }));
  }

  topicNamesAndTypes(): { name: string; types: string[] }[] {
    return this.#nodes[0]?.rclNode.getTopicNamesAndTypes() ?? [];
  }

  isShutdown(): boolean {
    return this.#shutdown;
  }

  async shutdown(): Promise<void> {
    if (this.#shutdown) return;
    this.#shutdown = true;
    for (const n of this.#nodes.reverse()) n.destroy();
    this.#rcl.shutdown();
    this.#resolveShutdown();
  }
}
