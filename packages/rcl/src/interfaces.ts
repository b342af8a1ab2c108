import type { Message, MessageTypeName, ServiceTypeMap, ServiceTypeName, Time } from '@navstack/msgs';
import type { ParamDescriptor, ParamValue } from './params.ts';
import type { QoS, QoSOption } from './qos.ts';
import type { RemapRule } from './names.ts';

export type Request<S extends ServiceTypeName> = ServiceTypeMap[S]['request'];
export type Response<S extends ServiceTypeName> = ServiceTypeMap[S]['response'];

export interface Publisher<T> {
  readonly topic: string;
  readonly type: string;
  readonly qos: QoS;
  /**
   * Local backend: the same object is handed to every subscriber (no copy, no serialization),
   * so a message must not be changed after it is published.
   */
  publish(message: T): void;
  subscriptionCount(): number;
  destroy(): void;
}

export interface Subscription {
  readonly topic: string;
  readonly type: string;
  readonly qos: QoS;
  destroy(): void;
}

export interface Timer {
  readonly periodSeconds: number;
  cancel(): void;
  isCanceled(): boolean;
}

export interface Service {
  readonly name: string;
  destroy(): void;
}

export interface Client<S extends ServiceTypeName> {
  readonly name: string;
  /** Rejects with a clear error if no server answers within the timeout (default 5 s of wall time). */
  sendRequest(request: Request<S>, options?: { timeoutSeconds?: number }): Promise<Response<S>>;
  isServiceAvailable(): boolean;
  waitForService(timeoutSeconds: number): Promise<boolean>;
  destroy(): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export interface Logger {
  readonly name: string;
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  fatal(msg: string): void;
  /** Logs at most once per period of wall time (ROS 2's *_THROTTLE). */
  throttle(level: LogLevel, periodSeconds: number, msg: string): void;
}

export interface Clock {
  /** ROS time: sim time from /clock when use_sim_time is true, else system time. */
  now(): Time;
  nowNanos(): bigint;
  nowSeconds(): number;
  readonly isSimTime: boolean;
}

export interface SubscriptionOptions {
  qos?: QoSOption;
}

export interface PublisherOptions {
  qos?: QoSOption;
}

export interface ParameterEvent {
  name: string;
  value: ParamValue;
}

/** The API every navstack node is written against; shaped like rclnodejs's Node. */
export interface Node {
  readonly name: string;
  readonly namespace: string;
  /** '/ns/name' */
  readonly fullyQualifiedName: string;

  createPublisher<T extends MessageTypeName>(type: T, topic: string, options?: PublisherOptions): Publisher<Message<T>>;
  createSubscription<T extends MessageTypeName>(type: T, topic: string, options: SubscriptionOptions, callback: (message: Message<T>) => void): Subscription;
  /** Fires on this node's clock: with use_sim_time, timers advance with /clock (deterministic in the simulator). */
  createTimer(periodSeconds: number, callback: () => void): Timer;
  createService<S extends ServiceTypeName>(type: S, name: string, handler: (request: Request<S>) => Response<S> | Promise<Response<S>>): Service;
  createClient<S extends ServiceTypeName>(type: S, name: string): Client<S>;

  /** Declares a parameter; an override from launch or a params file replaces the default (type-checked). */
  declareParameter<V extends ParamValue>(name: string, defaultValue: V, descriptor?: ParamDescriptor): V;
  getParameter(name: string): ParamValue;
  hasParameter(name: string): boolean;
  /** Validates against the declared type and read-only flag; listeners run after a successful set. */
  setParameter(name: string, value: ParamValue): void;
  onParameterChange(listener: (event: ParameterEvent) => void): void;
  parameters(): Record<string, ParamValue>;

  /** The fully-qualified name a topic or service name resolves to on this node (namespace and remaps applied). */
  resolveName(name: string): string;
  /** Graph introspection, as rclnodejs's Node (optional: a backend may not offer it). Topic names are fully qualified. */
  getTopicNamesAndTypes?(): { name: string; types: string[] }[];
  getServiceNamesAndTypes?(): { name: string; types: string[] }[];
  /** The publishers of a fully-qualified topic with their QoS (as rclnodejs's getPublishersInfoByTopic). */
  getPublishersInfoByTopic?(topic: string): { nodeName: string; topicType: string; qos: QoS }[];
  getLogger(): Logger;
  getClock(): Clock;
  now(): Time;
  destroy(): void;
}

export interface NodeOptions {
  namespace?: string;
  /** Parameter overrides, as from launch `<param>` or a params file. */
  parameterOverrides?: Record<string, ParamValue>;
  remappings?: readonly RemapRule[];
}

export interface GraphNodeInfo {
  name: string;
  namespace: string;
  fullyQualifiedName: string;
  publishers: { topic: string; type: string }[];
  subscriptions: { topic: string; type: string }[];
  services: { name: string; type: string }[];
  parameters: Record<string, ParamValue>;
}

export type BackendName = 'local' | 'ros2';

export interface Context {
  readonly backend: BackendName;
  createNode(name: string, options?: NodeOptions): Node;
  /** The live graph: nodes with their topics, services and parameters (what `ros2 node info` shows). */
  graph(): GraphNodeInfo[];
  topicNamesAndTypes(): { name: string; types: string[] }[];
  /** Rejects when another node in the graph has this node's name (ros2: after waiting for discovery). */
  assertUniqueName?(node: Node, discoverySeconds?: number): Promise<void>;
  /** Resolves once the context is shut down (Ctrl-C, or shutdown()). */
  readonly shutdownPromise: Promise<void>;
  shutdown(): Promise<void>;
  isShutdown(): boolean;
}

/** A node an executable provides: what `<node pkg=... exec=...>` starts as a composable node. */
export interface Executable {
  pkg: string;
  exec: string;
  defaultNodeName: string;
  description: string;
  /** Creates the node's publishers, subscriptions and timers; resolves when it is ready. */
  start(node: Node): Promise<RunningNode> | RunningNode;
}

export interface RunningNode {
  /** Stops timers and releases resources other than the node (the runner destroys the node). */
  stop(): Promise<void> | void;
}
