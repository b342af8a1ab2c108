// The ros2 backend: navstack's Node interface over rclnodejs. rclnodejs is an optional
// dependency that only builds where a ROS 2 distribution is sourced, so it is loaded lazily.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Message, MessageTypeName, ServiceTypeName } from '@navstack/msgs';
import { makeClock, systemNanos } from '../clock.ts';
import type { Client, Clock, Context, GraphNodeInfo, Node, NodeOptions, Publisher, PublisherOptions, Request, Response, Service, Subscription, SubscriptionOptions, Timer } from '../interfaces.ts';
import { expandTopicName, remapName } from '../names.ts';
import { NodeBase } from '../NodeBase.ts';
import type { ParamDescriptor, ParamType, ParamValue } from '../params.ts';
import { qosIncompatibility, resolveQoS, type QoS } from '../qos.ts';
import { SimTimers } from '../SimTimers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- rclnodejs is untyped here: it may not be installed */
type Rcl = any;

export class Ros2UnavailableError extends Error {
  constructor(detail: string) {
    super(
      `the ros2 backend needs rclnodejs built against a sourced ROS 2: run 'source /opt/ros/<distro>/setup.bash' (Humble, Jazzy or newer; or /opt/ros2-jazzy/setup.bash from scripts/ros2-from-source.sh), then 'npm run ros2:rclnodejs' in this folder (${detail})`,
    );
    this.name = 'Ros2UnavailableError';
  }
}

/** Why the ros2 backend cannot start here, or undefined when it can. */
export async function ros2Unavailability(): Promise<string | undefined> {
  if (!process.env.ROS_DISTRO) return 'ROS_DISTRO is not set: no ROS 2 environment is sourced';
  // Importing rclnodejs without its native addon starts a node-gyp build (a minute, and it fails without
  // `npx` consent): look for the addon first and say what to run instead.
  let pkgDir: string;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('rclnodejs/package.json'));
  } catch {
    return 'rclnodejs is not installed';
  }
  if (!fs.existsSync(path.join(pkgDir, 'build', 'Release', 'rclnodejs.node'))) return 'rclnodejs is installed but not built against ROS 2 (npm run ros2:setup builds it)';
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

/** rmw's QoS policy numbers (rmw/types.h), as rclnodejs's graph queries report them. */
function fromRmwQoS(q: any): QoS {
  return {
    history: q.history === 2 ? 'keep_all' : 'keep_last',
    depth: Number(q.depth ?? 0),
    reliability: q.reliability === 2 ? 'best_effort' : 'reliable',
    durability: q.durability === 1 ? 'transient_local' : 'volatile',
  };
}

const RCL_TYPES: Record<ParamType, string> = {
  bool: 'PARAMETER_BOOL',
  integer: 'PARAMETER_INTEGER',
  double: 'PARAMETER_DOUBLE',
  string: 'PARAMETER_STRING',
  bool_array: 'PARAMETER_BOOL_ARRAY',
  integer_array: 'PARAMETER_INTEGER_ARRAY',
  double_array: 'PARAMETER_DOUBLE_ARRAY',
  string_array: 'PARAMETER_STRING_ARRAY',
};

function toRclParameter(rcl: Rcl, name: string, type: ParamType, value: ParamValue): unknown {
  const v = type === 'integer' ? BigInt(value as number) : type === 'integer_array' ? (value as number[]).map((x) => BigInt(x)) : value;
  return new rcl.Parameter(name, rcl.ParameterType[RCL_TYPES[type]], v);
}

function fromRclValue(v: unknown): ParamValue {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'bigint' ? Number(x) : x)) as ParamValue;
  if (v === null || v === undefined) return [];
  return v as ParamValue;
}

/**
 * rclnodejs 2.2's ParameterDescriptor.toMessage() reads a field its constructor never sets, so `ros2 param
 * describe` would show no range: this one writes the range into the message itself.
 */
function descriptorClass(rcl: Rcl): any {
  return class NavstackParameterDescriptor extends rcl.ParameterDescriptor {
    toMessage(): any {
      const msg = super.toMessage();
      const r = this.range;
      if (r) {
        const range = { from_value: r.fromValue, to_value: r.toValue, step: r.step };
        if (r instanceof rcl.IntegerRange) msg.integer_range = [range];
        else msg.floating_point_range = [range];
      }
      return msg;
    }
  };
}

function toRclDescriptor(rcl: Rcl, Descriptor: any, name: string, type: ParamType, d: ParamDescriptor): unknown {
  let range = null;
  if (d.range && (type === 'double' || type === 'double_array')) range = new rcl.FloatingPointRange(d.range.min, d.range.max, 0);
  if (d.range && (type === 'integer' || type === 'integer_array')) range = new rcl.IntegerRange(BigInt(Math.ceil(d.range.min)), BigInt(Math.floor(d.range.max)), 1n);
  const out = new Descriptor(name, rcl.ParameterType[RCL_TYPES[type]], d.description ?? '', d.readOnly === true, range);
  if (d.choices) out.additionalConstraints = `one of: ${d.choices.join(', ')}`;
  return out;
}

/**
 * rclnodejs's Node, with navstack's checks ahead of its own on `ros2 param set`: its reasons for a
 * wrong type or a value out of range are not readable ("Parameter x does not  readonly"), ours name the
 * parameter, the value and the allowed range; and a whole number for a double parameter is taken as a double.
 */
function navstackRclNodeClass(rcl: Rcl): any {
  return class NavstackRclNode extends rcl.Node {
    navstackRejection?: (name: string, value: ParamValue) => string | undefined;
    navstackLocal?: () => boolean;
    _validateParameters(parameters: any[] = [], declareParameterMode = false): { successful: boolean; reason: string | null } {
      if (!declareParameterMode && this.navstackRejection && !this.navstackLocal?.()) {
        for (const p of parameters) {
          const why = this.navstackRejection(p.name, fromRclValue(p.value));
          if (why) return { successful: false, reason: why };
        }
      }
      return super._validateParameters(parameters, declareParameterMode);
    }
  };
}

/** How often a node looks for publishers its subscriptions cannot receive from (wall ms). */
const GRAPH_CHECK_MS = 2000;

interface RclClasses {
  Node: any;
  Descriptor: any;
}

class Ros2Node extends NodeBase implements Node {
  readonly #rcl: Rcl;
  readonly #node: any;
  readonly #options: NodeOptions;
  readonly #clock: Clock;
  readonly #simTimers?: SimTimers;
  readonly #timers: Timer[] = [];
  readonly #watched = new Set<{ topic: string; type: string; qos: QoS }>();
  readonly #reported = new Set<string>();
  readonly #graphWatch: ReturnType<typeof setInterval>;
  /** Set while navstack itself declares or sets on the rclnodejs node: its set callbacks must not echo back. */
  #local = false;

  readonly #Descriptor: any;

  constructor(rcl: Rcl, classes: RclClasses, name: string, options: NodeOptions) {
    super(name, options.namespace, options.parameterOverrides ?? {});
    this.#rcl = rcl;
    this.#options = options;
    const overrides = options.parameterOverrides ?? {};
    this.#Descriptor = classes.Descriptor;
    this.#node = new classes.Node(name, this.namespace, rcl.Context.defaultContext());
    const useSimTime = this.params.declare('use_sim_time', false, { description: 'follow /clock instead of the system clock' });
    // rclnodejs declares use_sim_time itself (from the command line); launch's in-process overrides say it here.
    if (overrides.use_sim_time === true) this.#node.setParameter(new rcl.Parameter('use_sim_time', rcl.ParameterType.PARAMETER_BOOL, true));
    if (useSimTime) {
      // rcl timers on a ROS clock do not wake up when /clock moves under rclnodejs 2.2: navstack drives
      // sim-time timers itself from /clock, as the local backend does.
      const timers = new SimTimers((cb) => cb());
      this.#simTimers = timers;
      this.#clock = makeClock(() => timers.nowNanos, true);
      this.createSubscription('rosgraph_msgs/msg/Clock', '/clock', { qos: 'clock' }, (m) => timers.advance(BigInt(m.clock.sec) * 1_000_000_000n + BigInt(m.clock.nanosec)));
    } else {
      this.#clock = makeClock(systemNanos, false);
    }
    this.#node.navstackLocal = () => this.#local;
    this.#node.navstackRejection = (pname: string, value: ParamValue) => (this.params.has(pname) ? this.params.rejection(pname, value) : undefined);
    this.#node.addPreSetParametersCallback((ps: any[]) => ps.map((p) => this.#coerceRemote(p)));
    // A `ros2 param set` (already checked above): navstack's parameters and their listeners follow it.
    this.#node.addOnSetParametersCallback((ps: any[]) => {
      if (this.#local) return { successful: true, reason: '' };
      try {
        for (const p of ps) if (this.params.has(p.name) && p.name !== 'use_sim_time') super.setParameter(p.name, fromRclValue(p.value));
        return { successful: true, reason: '' };
      } catch (e) {
        return { successful: false, reason: (e as Error).message };
      }
    });
    this.#graphWatch = setInterval(() => this.#checkPublishers(), GRAPH_CHECK_MS);
    this.#graphWatch.unref();
    rcl.spin(this.#node);
  }

  /** `ros2 param set x 1` sends an integer: a double parameter takes it as 1.0 (and an integer one takes 2.0 as 2). */
  #coerceRemote(p: any): any {
    const d = this.params.describe(p.name);
    const T = this.#rcl.ParameterType;
    if (d?.type === 'double' && p.type === T.PARAMETER_INTEGER) return new this.#rcl.Parameter(p.name, T.PARAMETER_DOUBLE, Number(p.value));
    if (d?.type === 'integer' && p.type === T.PARAMETER_DOUBLE && Number.isInteger(p.value)) return new this.#rcl.Parameter(p.name, T.PARAMETER_INTEGER, BigInt(p.value));
    return p;
  }

  override declareParameter<V extends ParamValue>(name: string, defaultValue: V, descriptor?: ParamDescriptor): V {
    const value = super.declareParameter(name, defaultValue, descriptor);
    const d = this.params.describe(name)!;
    // navstack resolved the override (launch, params file, -p; with rcl's wildcard rules): rclnodejs takes that value.
    this.#asLocal(() => this.#node.declareParameter(toRclParameter(this.#rcl, name, d.type, value), toRclDescriptor(this.#rcl, this.#Descriptor, name, d.type, d.descriptor), true));
    return value;
  }

  override setParameter(name: string, value: ParamValue): void {
    super.setParameter(name, value);
    const d = this.params.describe(name)!;
    const r = this.#asLocal(() => this.#node.setParameter(toRclParameter(this.#rcl, name, d.type, this.params.get(name))));
    if (!r.successful) this.logger.warn(`parameter '${name}': ROS 2 did not take the new value: ${r.reason}`);
  }

  #asLocal<T>(f: () => T): T {
    this.#local = true;
    try {
      return f();
    } finally {
      this.#local = false;
    }
  }

  resolveName(name: string): string {
    return remapName(expandTopicName(name, this.name, this.namespace), this.#options.remappings ?? [], this.name, this.namespace);
  }

  createPublisher<T extends MessageTypeName>(type: T, topic: string, options: PublisherOptions = {}): Publisher<Message<T>> {
    const qos = resolveQoS(options.qos);
    const name = this.resolveName(topic);
    const p = this.#node.createPublisher(type, name, { qos: toRclQoS(this.#rcl, qos) });
    return { topic: name, type, qos, publish: (m) => p.publish(m), subscriptionCount: () => p.subscriptionCount, destroy: () => this.#node.destroyPublisher(p) };
  }

  createSubscription<T extends MessageTypeName>(type: T, topic: string, options: SubscriptionOptions, callback: (message: Message<T>) => void): Subscription {
    const qos = resolveQoS(options.qos);
    const name = this.resolveName(topic);
    const s = this.#node.createSubscription(type, name, { qos: toRclQoS(this.#rcl, qos) }, callback);
    const watched = { topic: name, type, qos };
    this.#watched.add(watched);
    return {
      ...watched,
      destroy: () => {
        this.#watched.delete(watched);
        this.#node.destroySubscription(s);
      },
    };
  }

  /**
   * DDS silently never delivers from a publisher of another type, or from a best-effort publisher to a
   * reliable subscription: say so, once per publisher, naming topic, node and what was expected.
   */
  #checkPublishers(): void {
    for (const w of this.#watched) {
      let infos;
      try {
        infos = this.getPublishersInfoByTopic(w.topic);
      } catch {
        continue; // the node is being destroyed
      }
      // A node may subscribe a topic twice on purpose (e.g. the e-stop, latched and volatile): a publisher
      // is only unheard when none of its subscriptions there can hear it.
      const others = [...this.#watched].filter((o) => o.topic === w.topic && o.type === w.type);
      for (const p of infos) {
        const why =
          p.topicType !== w.type
            ? `publishes ${p.topicType}, but ${this.fullyQualifiedName} expects ${w.type}: none of its messages are delivered`
            : others.every((o) => qosIncompatibility(p.qos, o.qos))
              ? qosIncompatibility(p.qos, w.qos)
              : undefined;
        const key = `${w.topic} ${p.nodeName} ${why}`;
        if (!why || this.#reported.has(key)) continue;
        this.#reported.add(key);
        this.logger.error(`topic ${w.topic}: publisher ${p.nodeName} ${why}${p.topicType === w.type ? ' (its messages are not delivered)' : ''}`);
      }
    }
  }

  createTimer(periodSeconds: number, callback: () => void): Timer {
    if (!(periodSeconds > 0)) throw new Error(`timer period must be positive, got ${periodSeconds}`);
    const periodNanos = BigInt(Math.round(periodSeconds * 1e9));
    let timer: Timer;
    if (this.#simTimers) {
      timer = { periodSeconds, ...this.#simTimers.add(periodNanos, callback) };
    } else {
      const t = this.#node.createTimer(periodNanos, callback);
      timer = { periodSeconds, cancel: () => t.cancel(), isCanceled: () => t.isCanceled() };
    }
    this.#timers.push(timer);
    return timer;
  }

  createService<S extends ServiceTypeName>(type: S, name: string, handler: (request: Request<S>) => Response<S> | Promise<Response<S>>): Service {
    const fq = this.resolveName(name);
    const s = this.#node.createService(type, fq, (req: Request<S>, response: any) => {
      Promise.resolve()
        .then(() => handler(req))
        .then(
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
        const missing = () => new Error(`service '${fq}' did not answer within ${timeout} s (is the node that offers it running?)`);
        const t0 = Date.now();
        if (!(await c.waitForService(timeout * 1000))) throw missing();
        const left = Math.max(1, timeout * 1000 - (Date.now() - t0));
        try {
          return (await c.sendRequestAsync(req, { timeout: left })) as Response<S>;
        } catch (e) {
          if ((e as Error).name === 'TimeoutError' || /time(d)? ?out/i.test((e as Error).message)) throw missing();
          throw e;
        }
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
  getPublishersInfoByTopic(topic: string): { nodeName: string; topicType: string; qos: QoS }[] {
    return this.#node.getPublishersInfoByTopic(topic).map((i: any) => ({
      nodeName: i.node_namespace === '/' ? `/${i.node_name}` : `${i.node_namespace}/${i.node_name}`,
      topicType: i.topic_type,
      qos: fromRmwQoS(i.qos_profile ?? {}),
    }));
  }

  /** The rclnodejs node, for graph queries. */
  get rclNode(): any {
    return this.#node;
  }

  destroy(): void {
    clearInterval(this.#graphWatch);
    for (const t of this.#timers) t.cancel();
    this.#node.destroy();
  }
}

export class Ros2Context implements Context {
  readonly backend = 'ros2' as const;
  readonly #rcl: Rcl;
  readonly #classes: RclClasses;
  readonly #nodes: Ros2Node[] = [];
  #shutdown = false;
  #resolveShutdown!: () => void;
  readonly shutdownPromise = new Promise<void>((r) => (this.#resolveShutdown = r));

  private constructor(rcl: Rcl) {
    this.#rcl = rcl;
    this.#classes = { Node: navstackRclNodeClass(rcl), Descriptor: descriptorClass(rcl) };
  }

  static async create(rosArgs: string[]): Promise<Ros2Context> {
    const why = await ros2Unavailability();
    if (why) throw new Ros2UnavailableError(why);
    const mod = await import('rclnodejs' as string);
    const rcl = mod.default ?? mod;
    // One SIGINT handler: navstack's CLI stops nodes in order and then shuts rcl down (rclnodejs's own
    // handler would shut rcl down under running nodes).
    rcl.removeSignalHandlers();
    await rcl.init(rcl.Context.defaultContext(), rosArgs);
    return new Ros2Context(rcl);
  }

  createNode(name: string, options: NodeOptions = {}): Node {
    const n = new Ros2Node(this.#rcl, this.#classes, name, options);
    this.#nodes.push(n);
    return n;
  }

  /**
   * Rejects when another node in this ROS domain already has `node`'s fully-qualified name: two nodes
   * with one name share parameter services and confuse every tool. Waits `discoverySeconds` for discovery.
   */
  async assertUniqueName(node: Node, discoverySeconds = 1.0): Promise<void> {
    const rclNode = (node as Ros2Node).rclNode;
    const deadline = Date.now() + discoverySeconds * 1000;
    for (;;) {
      const same = (rclNode.getNodeNamesAndNamespaces() as { name: string; namespace: string }[]).filter((n) => n.name === node.name && n.namespace === node.namespace);
      if (same.length > 1) {
        throw new Error(
          `a node named ${node.fullyQualifiedName} is already running in ROS_DOMAIN_ID ${process.env.ROS_DOMAIN_ID ?? 0}: stop it, or give this one another name (-r __node:=NAME) or namespace (-r __ns:=/NS)`,
        );
      }
      if (Date.now() > deadline) return;
      await new Promise((r) => setTimeout(r, 100));
    }
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
