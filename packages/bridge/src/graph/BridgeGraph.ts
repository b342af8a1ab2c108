// What the rosbridge protocol needs from the ROS graph, as one asynchronous interface. The bridge's
// protocol code (BridgeServer, ClientConnection) is written against it, so the same code runs
// beside the node (NodeGraph) or in a worker thread that reaches the node through a MessagePort
// (WorkerGraph <-> GraphHost): the safety node never waits for a browser.
import type { QoS } from '@navstack/rcl';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface GraphHandle {
  destroy(): void;
}

export interface GraphPublisher extends GraphHandle {
  /** Publishes; `problem` is called (later, maybe) when the message reached no subscriber or failed. */
  publish(message: unknown, problem: (why: string) => void): void;
}

export interface NamesAndTypes {
  name: string;
  types: string[];
}

export interface BridgeGraph {
  /** The fully-qualified name a client's topic or service name resolves to on the bridge node. */
  resolve(name: string): Promise<string>;
  /** The type of a topic on the graph, if anyone publishes or subscribes to it. */
  topicType(resolved: string): Promise<string | undefined>;
  serviceType(resolved: string): Promise<string | undefined>;
  /** True when a publisher of the topic is transient local (latched). */
  isLatched(resolved: string): Promise<boolean>;
  topics(): Promise<NamesAndTypes[]>;
  services(): Promise<NamesAndTypes[]>;
  subscribe(topic: string, type: string, qos: Partial<QoS>, onMessage: (message: unknown) => void): Promise<GraphHandle>;
  advertise(topic: string, type: string, latched: boolean): Promise<GraphPublisher>;
  /** Calls a service; rejects with the reason (not offered, timeout, the server's error). */
  call(service: string, type: string, request: unknown, timeoutSeconds: number): Promise<unknown>;
  /** Offers a service on the graph whose requests `handler` answers. */
  offer(service: string, type: string, handler: (request: unknown) => Promise<unknown>): Promise<GraphHandle>;
  log(level: LogLevel, msg: string): void;
}
