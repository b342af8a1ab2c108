// Records a running system's topics into a rosbag2 bag folder (as `ros2 bag record -a -o DIR` does):
// DIR/DIR_0.mcap plus DIR/metadata.yaml. Works on any navstack Node: in a launch on either backend
// (the bag_recorder executable), or from the command line over DDS or a rosbridge connection.
import fs from 'node:fs';
import path from 'node:path';
import { isMessageType, type MessageTypeName } from '@navstack/msgs';
import type { Node, QoS, Subscription } from '@navstack/rcl';
import { BagWriter } from './BagWriter.ts';
import { bagMetadataYaml, type BagMetadata } from './rosbag2Metadata.ts';

export interface BagRecorderOptions {
  /** The bag folder to create; it must not exist yet (as rosbag2). */
  output: string;
  /** Topics to record (fully qualified); empty: every topic, as `-a`. */
  topics?: readonly string[];
  /** Topics matching this are not recorded. */
  exclude?: RegExp;
  /** How the graph's topics are found (default: the node's own graph query). */
  listTopics?: () => Promise<{ name: string; types: string[] }[]>;
  /** Wall seconds between looks for new topics. */
  discoveryPeriodSeconds?: number;
}

/**
 * rosbag2's adaptive QoS: request only what every publisher offers (best effort if any offers it, transient
 * local only if all do), so the recorder matches every publisher and still gets latched messages.
 */
export function recordingQoS(offered: readonly QoS[]): QoS {
  const all = offered.length > 0;
  return {
    history: 'keep_last',
    depth: Math.max(10, ...offered.map((q) => q.depth)),
    reliability: all && offered.every((q) => q.reliability === 'reliable') ? 'reliable' : 'best_effort',
    durability: all && offered.every((q) => q.durability === 'transient_local') ? 'transient_local' : 'volatile',
  };
}

export class BagRecorder {
  readonly #node: Node;
  readonly #writer: BagWriter;
  readonly #options: BagRecorderOptions;
  readonly #subs = new Map<string, Subscription>();
  readonly #skipped = new Set<string>();
  readonly #discovery: ReturnType<typeof setInterval>;
  #writes: Promise<void> = Promise.resolve();
  #error: Error | undefined;
  #stopped = false;

  private constructor(node: Node, writer: BagWriter, options: BagRecorderOptions) {
    this.#node = node;
    this.#writer = writer;
    this.#options = options;
    this.#discovery = setInterval(() => void this.discover(), (options.discoveryPeriodSeconds ?? 1) * 1000);
  }

  static async start(node: Node, options: BagRecorderOptions): Promise<BagRecorder> {
    if (fs.existsSync(options.output)) throw new Error(`bag folder '${options.output}' already exists: choose another (-o) or remove it`);
    fs.mkdirSync(options.output, { recursive: true });
    const writer = await BagWriter.create(path.join(options.output, `${path.basename(options.output)}_0.mcap`));
    const recorder = new BagRecorder(node, writer, options);
    await recorder.discover();
    return recorder;
  }

  /** Topics being recorded. */
  get topics(): string[] {
    return [...this.#subs.keys()];
  }

  get messageCount(): number {
    return this.#writer.messageCount;
  }

  /** Subscribes to topics that appeared since the last look. */
  async discover(): Promise<void> {
    if (this.#stopped) return;
    const o = this.#options;
    const list = o.listTopics ? await o.listTopics() : (this.#node.getTopicNamesAndTypes?.() ?? []);
    for (const { name, types } of list) {
      if (this.#subs.has(name) || this.#skipped.has(name) || this.#stopped) continue;
      if (o.topics?.length && !o.topics.includes(name)) continue;
      if (o.exclude?.test(name)) continue;
      const type = types[0] ?? '';
      if (!isMessageType(type)) {
        this.#skipped.add(name);
        this.#node.getLogger().warn(`bag: not recording ${name}: navstack does not know its type ${type || '(none)'}`);
        continue;
      }
      const publishers = this.#node.getPublishersInfoByTopic?.(name);
      const offered = (publishers ?? []).filter((p) => p.topicType === type).map((p) => p.qos);
      // As rosbag2 without --include-unpublished-topics: a topic only subscribed to so far is recorded once a
      // publisher appears, with the QoS that publisher offers (not a guess made before it was discovered).
      if (publishers && offered.length === 0) continue;
      await this.#writer.addTopic(name, type, offered.length ? offered : undefined);
      this.#subs.set(name, this.#node.createSubscription(type as MessageTypeName, name, { qos: recordingQoS(offered) }, (m) => this.#record(name, type as MessageTypeName, m)));
    }
  }

  #record(topic: string, type: MessageTypeName, message: unknown): void {
    const t = this.#node.getClock().nowNanos();
    // MCAP writes are asynchronous: keep them in arrival order.
    this.#writes = this.#writes
      .then(() => this.#writer.write(topic, type, message as never, t))
      .catch((e: Error) => {
        this.#error ??= e;
      });
  }

  /** Stops recording, writes the bag's metadata (in the MCAP file and metadata.yaml) and closes it. */
  async stop(): Promise<BagMetadata> {
    this.#stopped = true;
    clearInterval(this.#discovery);
    for (const s of this.#subs.values()) s.destroy();
    await this.#writes;
    const meta = await this.#writer.close();
    fs.writeFileSync(path.join(this.#options.output, 'metadata.yaml'), bagMetadataYaml(meta, 'rosbag2_bagfile_information'));
    if (this.#error) throw new Error(`bag: writing ${this.#options.output} failed: ${this.#error.message}`);
    return meta;
  }
}
