// BridgeGraph on a navstack Node (any backend): what the bridge does on the graph, done beside the
// node. Used directly when the bridge runs inline, and by GraphHost for a bridge in a worker.
import type { MessageTypeName, ServiceTypeName } from '@navstack/msgs';
import type { Client, Node, Publisher, QoS } from '@navstack/rcl';
import type { BridgeGraph, GraphHandle, GraphPublisher, LogLevel, NamesAndTypes } from './BridgeGraph.ts';

/** Service clients kept for reuse; the least recently used beyond this are destroyed. */
const MAX_SERVICE_CLIENTS = 64;

export class NodeGraph implements BridgeGraph {
  readonly node: Node;
  readonly #clients = new Map<string, Client<ServiceTypeName>>();

  constructor(node: Node) {
    this.node = node;
  }

  async resolve(name: string): Promise<string> {
    return this.node.resolveName(name);
  }

  async topicType(resolved: string): Promise<string | undefined> {
    return this.node.getTopicNamesAndTypes?.().find((t) => t.name === resolved)?.types[0];
  }

  async serviceType(resolved: string): Promise<string | undefined> {
    return this.node.getServiceNamesAndTypes?.().find((s) => s.name === resolved)?.types[0];
  }

  async isLatched(resolved: string): Promise<boolean> {
    return (this.node.getPublishersInfoByTopic?.(resolved) ?? []).some((p) => p.qos.durability === 'transient_local');
  }

  async topics(): Promise<NamesAndTypes[]> {
    return this.node.getTopicNamesAndTypes?.() ?? [];
  }

  async services(): Promise<NamesAndTypes[]> {
    return this.node.getServiceNamesAndTypes?.() ?? [];
  }

  async subscribe(topic: string, type: string, qos: Partial<QoS>, onMessage: (message: unknown) => void): Promise<GraphHandle> {
    return this.node.createSubscription(type as MessageTypeName, topic, { qos }, onMessage);
  }

  async advertise(topic: string, type: string, latched: boolean): Promise<GraphPublisher> {
    const p = this.node.createPublisher(type as MessageTypeName, topic, { qos: latched ? 'latched' : 'default' }) as Publisher<unknown>;
    return {
      publish: (message, problem) => {
        try {
          p.publish(message);
        } catch (e) {
          problem(`publishing on '${topic}' failed: ${(e as Error).message}`);
          return;
        }
        if (p.subscriptionCount() === 0) problem(`no node subscribes to '${topic}': nobody received this message`);
      },
      destroy: () => p.destroy(),
    };
  }

  async call(service: string, type: string, request: unknown, timeoutSeconds: number): Promise<unknown> {
    const key = `${service}|${type}`;
    let c = this.#clients.get(key);
    if (c) this.#clients.delete(key);
    else c = this.node.createClient(type as ServiceTypeName, service);
    this.#clients.set(key, c);
    if (this.#clients.size > MAX_SERVICE_CLIENTS) {
      const [oldKey, old] = this.#clients.entries().next().value!;
      this.#clients.delete(oldKey);
      old.destroy();
    }
    if (!c.isServiceAvailable() && !(await c.waitForService(Math.min(timeoutSeconds, 1)))) throw new Error(`service '${service}' is not offered by any node`);
    return c.sendRequest(request as never, { timeoutSeconds });
  }

  async offer(service: string, type: string, handler: (request: unknown) => Promise<unknown>): Promise<GraphHandle> {
    return this.node.createService(type as ServiceTypeName, service, (req) => handler(req) as never);
  }

  log(level: LogLevel, msg: string): void {
    this.node.getLogger()[level](msg);
  }

  /** Releases the service clients (the node's other entities go with the bridge's handles). */
  close(): void {
    for (const c of this.#clients.values()) c.destroy();
    this.#clients.clear();
  }
}
