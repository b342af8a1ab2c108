// The bag_recorder executable: records the running system into a rosbag2 bag folder from inside a launch
// (sim.launch.xml record:=DIR), on either backend.
import { param, ParamSchema, type Executable, type Node, type RunningNode } from '@navstack/rcl';
import { BagRecorder } from './BagRecorder.ts';

export const RECORDER_SCHEMA = new ParamSchema('bag_recorder', {
  output: param.string('', "bag folder to create (default: rosbag2_YYYY_MM_DD-HH_MM_SS, as ros2 bag record)"),
  topics: param.stringArray([], 'topics to record (fully qualified); empty: every topic'),
  exclude_regex: param.string('', 'topics matching this regular expression are not recorded'),
});

/** rosbag2's default bag name: rosbag2_2026_12_01-05_06_35 (local time). */
export function defaultBagName(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `rosbag2_${d.getFullYear()}_${p(d.getMonth() + 1)}_${p(d.getDate())}-${p(d.getHours())}_${p(d.getMinutes())}_${p(d.getSeconds())}`;
}

export async function startRecorder(node: Node): Promise<RunningNode> {
  const p = RECORDER_SCHEMA.declare(node);
  let exclude: RegExp | undefined;
  try {
    exclude = p.exclude_regex ? new RegExp(p.exclude_regex) : undefined;
  } catch (e) {
    throw new Error(`parameter 'exclude_regex': ${(e as Error).message}`);
  }
  const output = p.output || defaultBagName();
  const recorder = await BagRecorder.start(node, { output, topics: p.topics, exclude });
  node.getLogger().info(`bag: recording ${p.topics.length ? p.topics.join(' ') : 'every topic'} into ${output}`);
  return {
    async stop() {
      const meta = await recorder.stop();
      node.getLogger().info(`bag: ${output}: ${meta.message_count} messages on ${meta.topics_with_message_count.length} topics`);
    },
  };
}

export const bagRecorderExecutable: Executable = {
  pkg: 'navstack',
  exec: 'bag_recorder',
  defaultNodeName: 'bag_recorder',
  description: 'records topics into a rosbag2 bag folder (MCAP with rosbag2 metadata), as ros2 bag record',
  start: (node) => startRecorder(node),
};

export const executables: Executable[] = [bagRecorderExecutable];
