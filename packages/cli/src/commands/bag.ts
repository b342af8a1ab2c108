// navstack bag record / info: a running system's topics into a rosbag2 bag folder, as `ros2 bag` does.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BagRecorder, defaultBagName, readBag } from '@navstack/bag';
import { init, type Node } from '@navstack/rcl';
import { CommandError, UsageError } from '../errors.ts';
import { parseOptions } from '../options.ts';
import { connectRosbridge, RosbridgeNode } from '../RosbridgeNode.ts';
import { untilShutdown } from '../signals.ts';

export const bagHelp = `usage: navstack bag record [-o DIR] (-a | TOPIC ...) [--exclude REGEX] [--url ws://HOST:9090 | --backend ros2]
       navstack bag info BAG

record: records a running system's topics until Ctrl-C into a rosbag2 bag folder (DIR/DIR_0.mcap and
DIR/metadata.yaml: MCAP with the offered QoS profiles, type hashes and rosbag2 metadata, as
\`ros2 bag record -s mcap\` writes; ros2 bag and Foxglove read it). It reaches a running navstack through
its rosbridge server (default ws://127.0.0.1:9090), or ROS 2 directly with --backend ros2. Inside a launch
file, the bag_recorder executable does the same (sim.launch.xml record:=DIR).
  -o, --output DIR   bag folder to create (default rosbag2_YYYY_MM_DD-HH_MM_SS)
  -a, --all          every topic (new ones too, as they appear)
  --exclude REGEX    topics not to record
info: the bag's topics, types, message counts, duration and metadata (a bag folder or an .mcap file).`;

const RecordOptions = z.object({
  output: z.string().min(1).optional(),
  all: z.boolean().default(false),
  exclude: z
    .string()
    .optional()
    .refine((r) => {
      try {
        new RegExp(r ?? '');
        return true;
      } catch {
        return false;
      }
    }, 'is not a valid regular expression'),
  url: z.string().regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL').default('ws://127.0.0.1:9090'),
  backend: z.enum(['rosbridge', 'ros2']).default('rosbridge'),
});

export async function bagCommand(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === 'record') return record(rest);
  if (verb === 'info') return info(rest);
  throw new UsageError(`bag: say record or info (got '${verb ?? ''}')`);
}

async function record(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    'bag record',
    argv,
    { output: { type: 'string', short: 'o' }, all: { type: 'boolean', short: 'a' }, exclude: { type: 'string' }, url: { type: 'string' }, backend: { type: 'string' } },
    RecordOptions,
    true,
  );
  if (!values.all && positionals.length === 0) throw new UsageError('bag record: which topics? name them, or -a for all');
  if (values.all && positionals.length) throw new UsageError('bag record: -a records every topic: give topics or -a, not both');
  const topics = positionals.map((t) => (t.startsWith('/') ? t : `/${t}`));
  const output = values.output ?? defaultBagName();
  let node: Node;
  let close: () => Promise<void>;
  let listTopics: (() => Promise<{ name: string; types: string[] }[]>) | undefined;
  if (values.backend === 'ros2') {
    const ctx = await init({ backend: 'ros2' });
    node = ctx.createNode('navstack_bag_recorder');
    close = () => ctx.shutdown();
  } else {
    const ros = await connectRosbridge(values.url);
    const bridged = new RosbridgeNode(ros, 'navstack_bag_recorder');
    node = bridged;
    listTopics = () => bridged.listTopics();
    close = async () => bridged.destroy();
  }
  let recorder: BagRecorder;
  try {
    recorder = await BagRecorder.start(node, { output, topics, exclude: values.exclude ? new RegExp(values.exclude) : undefined, listTopics });
  } catch (e) {
    await close();
    throw new CommandError(`bag record: ${(e as Error).message}`);
  }
  console.log(`navstack bag: recording ${topics.length ? topics.join(' ') : 'every topic'} into ${output} (Ctrl-C to stop)`);
  await untilShutdown(new Promise(() => undefined));
  const meta = await recorder.stop();
  await close();
  console.log(`navstack bag: ${output}: ${meta.message_count} messages on ${meta.topics_with_message_count.length} topics, ${(Number(meta.duration.nanoseconds) / 1e9).toFixed(1)} s`);
  return 0;
}

async function info(argv: string[]): Promise<number> {
  const [target, ...extra] = argv;
  if (!target || extra.length) throw new UsageError('bag info: which bag? (a bag folder or an .mcap file)');
  let file = target;
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
    const mcaps = fs.readdirSync(target).filter((f) => f.endsWith('.mcap')).sort();
    if (mcaps.length === 0) throw new CommandError(`bag info: ${target} has no .mcap file`);
    file = path.join(target, mcaps[0]!);
  }
  const bag = await readBag(file);
  const times = bag.messages.map((m) => m.logTimeNs);
  const start = times.length ? times.reduce((a, b) => (b < a ? b : a)) : 0n;
  const end = times.length ? times.reduce((a, b) => (b > a ? b : a)) : 0n;
  const rosbag2 = bag.metadata.get('rosbag2');
  const lines = [
    `Files:             ${file}`,
    `Bag size:          ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MiB`,
    `Storage id:        mcap`,
    `ROS Distro:        ${/ros_distro: (\S+)/.exec(rosbag2?.serialized_metadata ?? '')?.[1] ?? 'unknown'}`,
    `Duration:          ${(Number(end - start) / 1e9).toFixed(3)}s`,
    `Messages:          ${bag.messages.length + Object.values(bag.skipped).reduce((a, b) => a + b, 0)}`,
    'Topic information:',
    ...bag.topics.map((t) => `  Topic: ${t.topic} | Type: ${t.type} | Count: ${t.count} | Serialization Format: cdr`),
  ];
  console.log(lines.join('\n'));
  return 0;
}
