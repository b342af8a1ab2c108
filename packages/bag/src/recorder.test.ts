// Recording a running system as rosbag2 does, checked against rosbag2's formats: metadata.yaml, the MCAP
// channels' offered_qos_profiles and topic_type_hash, and the `rosbag2` metadata record.
import fs from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { McapIndexedReader } from '@mcap/core';
import { FileHandleReadable } from '@mcap/nodejs';
import { defaultMessage, typeHash } from '@navstack/msgs';
import { LocalContext } from '@navstack/rcl';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BagRecorder, readBag } from './index.ts';

describe('BagRecorder', () => {
  it('records every topic of a running system into a rosbag2 bag folder, with QoS, type hashes and metadata', async () => {
    const ctx = new LocalContext();
    const robot = ctx.createNode('robot');
    const estop = robot.createPublisher('std_msgs/msg/Bool', 'estop', { qos: 'latched' });
    estop.publish({ data: true }); // before the recorder starts: it must still get it (latched)
    const scan = robot.createPublisher('sensor_msgs/msg/LaserScan', 'scan', { qos: 'sensor_data' });
    const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-rec-')), 'run1');
    const recorder = await BagRecorder.start(ctx.createNode('bag_recorder'), { output, exclude: /^\/rosout$/ });
    expect(recorder.topics.sort()).toEqual(['/estop', '/scan']);
    for (let i = 0; i < 5; i++) scan.publish({ ...defaultMessage('sensor_msgs/msg/LaserScan'), ranges: Float32Array.of(i, 1, 2) });
    const late = robot.createPublisher('std_msgs/msg/String', 'instruction');
    await recorder.discover(); // a topic that appears while recording is picked up
    late.publish({ data: 'go to the red box' });
    const meta = await recorder.stop();
    await expect(BagRecorder.start(ctx.createNode('again'), { output })).rejects.toThrow(/already exists/);
    await ctx.shutdown();

    expect(fs.readdirSync(output).sort()).toEqual(['metadata.yaml', 'run1_0.mcap']);
    const info = parse(fs.readFileSync(path.join(output, 'metadata.yaml'), 'utf8'), { intAsBigInt: true }).rosbag2_bagfile_information;
    expect(info.version).toBe(9n);
    expect(info.storage_identifier).toBe('mcap');
    expect(info.relative_file_paths).toEqual(['run1_0.mcap']);
    expect(info.message_count).toBe(7n);
    const byName = Object.fromEntries(info.topics_with_message_count.map((t: { topic_metadata: { name: string } }) => [t.topic_metadata.name, t]));
    expect(byName['/scan'].message_count).toBe(5n);
    expect(byName['/scan'].topic_metadata.type_description_hash).toBe(typeHash('sensor_msgs/msg/LaserScan'));
    expect(byName['/scan'].topic_metadata.offered_qos_profiles[0]).toMatchObject({ history: 'keep_last', depth: 5n, reliability: 'best_effort', durability: 'volatile', liveliness: 'automatic', deadline: { sec: 9223372036n, nsec: 854775807n } });
    expect(byName['/estop'].topic_metadata.offered_qos_profiles[0]).toMatchObject({ reliability: 'reliable', durability: 'transient_local' });
    expect(meta.message_count).toBe(7);

    // The MCAP file itself, as rosbag2's storage plugin reads it back.
    const handle = await open(path.join(output, 'run1_0.mcap'), 'r');
    const reader = await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle) });
    const scanChannel = [...reader.channelsById.values()].find((c) => c.topic === '/scan')!;
    expect(scanChannel.metadata.get('topic_type_hash')).toBe(typeHash('sensor_msgs/msg/LaserScan'));
    expect(parse(scanChannel.metadata.get('offered_qos_profiles')!)[0]).toMatchObject({ reliability: 'best_effort', depth: 5 });
    await handle.close();
    const bag = await readBag(path.join(output, 'run1_0.mcap'));
    const embedded = parse(bag.metadata.get('rosbag2')!.serialized_metadata!);
    expect(embedded.message_count).toBe(7);
    expect(embedded.ros_distro).toBeTypeOf('string');
    expect(bag.messages.filter((m) => m.topic === '/estop').map((m) => m.message)).toEqual([{ data: true }]);
    expect(bag.messages.filter((m) => m.topic === '/instruction').map((m) => m.message)).toEqual([{ data: 'go to the red box' }]);
  });

  it('waits for a publisher before recording a topic that so far is only subscribed to, then records the QoS it offers', async () => {
    const ctx = new LocalContext();
    const listener = ctx.createNode('listener');
    listener.createSubscription('std_msgs/msg/Bool', 'estop', { qos: 'latched' }, () => {});
    const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-rec-')), 'run2');
    const recorder = await BagRecorder.start(ctx.createNode('bag_recorder'), { output, exclude: /^\/rosout$/ });
    expect(recorder.topics).toEqual([]);
    const estop = ctx.createNode('safety').createPublisher('std_msgs/msg/Bool', 'estop', { qos: 'latched' });
    estop.publish({ data: false });
    await recorder.discover();
    expect(recorder.topics).toEqual(['/estop']);
    await recorder.stop();
    await ctx.shutdown();
    const info = parse(fs.readFileSync(path.join(output, 'metadata.yaml'), 'utf8')).rosbag2_bagfile_information;
    const estopTopic = info.topics_with_message_count.find((t: { topic_metadata: { name: string } }) => t.topic_metadata.name === '/estop');
    expect(estopTopic.topic_metadata.offered_qos_profiles[0]).toMatchObject({ reliability: 'reliable', durability: 'transient_local' });
    expect(estopTopic.message_count).toBe(1);
  });
});
