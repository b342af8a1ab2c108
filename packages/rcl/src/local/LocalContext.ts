import type { Context, GraphNodeInfo, Node, NodeOptions } from '../interfaces.ts';
import { createLogger } from '../logger.ts';
import { Bus } from './Bus.ts';
import { LocalNode } from './LocalNode.ts';
import { ServiceRegistry } from './ServiceRegistry.ts';

/** The embedded backend: every node in one process on an in-process bus. */
export class LocalContext implements Context {
  readonly backend = 'local' as const;
  readonly bus = new Bus(createLogger('navstack.bus'));
  readonly services = new ServiceRegistry(this.bus);
  readonly #nodes = new Set<LocalNode>();
  #shutdown = false;
  #resolveShutdown!: () => void;
  readonly shutdownPromise = new Promise<void>((r) => (this.#resolveShutdown = r));

  createNode(name: string, options: NodeOptions = {}): Node {
    if (this.#shutdown) throw new Error('context is shut down');
    const node = new LocalNode(this.bus, this.services, name, options, (n) => this.#nodes.delete(n));
    for (const other of this.#nodes) {
      if (other.fullyQualifiedName === node.fullyQualifiedName) {
        node.getLogger().warn(`another node named ${node.fullyQualifiedName} exists; ROS 2 tools will not tell them apart`);
      }
    }
    this.#nodes.add(node);
    return node;
  }

  nodes(): LocalNode[] {
    return [...this.#nodes];
  }

  graph(): GraphNodeInfo[] {
    return this.nodes().map((n) => ({
      name: n.name,
      namespace: n.namespace,
      fullyQualifiedName: n.fullyQualifiedName,
      publishers: n.publishers.filter((p) => p.active).map((p) => ({ topic: p.topic, type: p.type })),
      subscriptions: n.subscriptions.filter((s) => s.active).map((s) => ({ topic: s.topic, type: s.type })),
      services: n.servicesOffered.map((s) => ({ name: s.name, type: s.type })),
      parameters: n.parameters(),
    }));
  }

  topicNamesAndTypes(): { name: string; types: string[] }[] {
    return this.bus.topicNamesAndTypes();
  }

  /** Delivers everything queued (for code that steps the simulator itself). */
  spinSome(): number {
    return this.bus.drain();
  }

  isShutdown(): boolean {
    return this.#shutdown;
  }

  async shutdown(): Promise<void> {
    if (this.#shutdown) return;
    this.#shutdown = true;
    for (const n of [...this.#nodes].reverse()) n.destroy();
    this.#resolveShutdown();
  }
}
