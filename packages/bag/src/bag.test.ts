import { mkdtemp, open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McapIndexedReader, McapWriter } from '@mcap/core';
import { FileHandleReadable, FileHandleWritable } from '@mcap/nodejs';
import { defaultMessage, definitionText, encodeCdr, type sensor_msgs } from '@navstack/msgs';
import { describe, expect, it } from 'vitest';
import { BagReadError, BagWriter, readBag } from './index.ts';

const scan = (range: number): sensor_msgs.LaserScan => ({ ...defaultMessage('sensor_msgs/msg/LaserScan'), header: { stamp: { sec: 1, nanosec: 5 }, frame_id: 'laser' }, angle_increment: 0.5, range_max: 12, ranges: Float32Array.of(range, range + 1, Infinity) });

describe('BagWriter and readBag', () => {
  it('write ros2-profile MCAP (ros2msg schemas, CDR) that reads back the same messages, metadata and topics', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'bag-')), 'run.mcap');
    const w = await BagWriter.create(file);
    await w.metadata('experiment', { robot: 'bot1', note: 'test' });
    await w.write('/robot1/scan', 'sensor_msgs/msg/LaserScan', scan(2), 2_000_000_000n);
    await w.write('/chatter', 'std_msgs/msg/String', { data: 'hello' }, 1_000_000_000n);
    await w.write('/robot1/scan', 'sensor_msgs/msg/LaserScan', scan(3), 3_000_000_000n);
    expect(w.messageCount).toBe(3);
    await expect(w.write('/chatter', 'std_msgs/msg/Bool', { data: true }, 4n)).rejects.toThrow(/'\/chatter' was registered as std_msgs\/msg\/String/);
    await w.close();

    // what other MCAP readers (Foxglove, ros2 bag) rely on
    const handle = await open(file, 'r');
    const reader = await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle) });
    expect(reader.header.profile).toBe('ros2');
    expect([...reader.schemasById.values()].map((s) => [s.name, s.encoding]).sort()).toEqual([['sensor_msgs/msg/LaserScan', 'ros2msg'], ['std_msgs/msg/String', 'ros2msg']]);
    expect([...reader.channelsById.values()].every((c) => c.messageEncoding === 'cdr')).toBe(true);
    await handle.close();

    const bag = await readBag(file);
    expect(bag.metadata.get('experiment')).toEqual({ robot: 'bot1', note: 'test' });
    expect(bag.topics.sort((a, b) => a.topic.localeCompare(b.topic))).toEqual([
      { topic: '/chatter', type: 'std_msgs/msg/String', count: 1 },
      { topic: '/robot1/scan', type: 'sensor_msgs/msg/LaserScan', count: 2 },
    ]);
    expect(bag.messages.map((m) => m.logTimeNs)).toEqual([1_000_000_000n, 2_000_000_000n, 3_000_000_000n]);
    const first = bag.messages[1]!.message as sensor_msgs.LaserScan;
    expect(first.header).toEqual({ stamp: { sec: 1, nanosec: 5 }, frame_id: 'laser' });
    expect([...first.ranges]).toEqual([2, 3, Infinity]);
    // topics match by suffix, as a namespaced robot's do
    const scans = await readBag(file, { topics: ['scan'] });
    expect(scans.messages.map((m) => m.topic)).toEqual(['/robot1/scan', '/robot1/scan']);
  });

  it('reads an unindexed bag, and counts messages it cannot decode as skipped', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'bag-')), 'stream.mcap');
    const handle = await open(file, 'w');
    const w = new McapWriter({ writable: new FileHandleWritable(handle), useChunks: false, useSummaryOffsets: false, useStatistics: false, useMessageIndex: false, useChunkIndex: false });
    await w.start({ profile: 'ros2', library: 'test' });
    const s = await w.registerSchema({ name: 'std_msgs/msg/String', encoding: 'ros2msg', data: new TextEncoder().encode(definitionText('std_msgs/msg/String')) });
    const cdr = await w.registerChannel({ topic: '/said', schemaId: s, messageEncoding: 'cdr', metadata: new Map() });
    const json = await w.registerChannel({ topic: '/said_json', schemaId: s, messageEncoding: 'json', metadata: new Map() });
    await w.addMessage({ channelId: cdr, sequence: 0, logTime: 5n, publishTime: 5n, data: encodeCdr('std_msgs/msg/String', { data: 'hi' }) });
    await w.addMessage({ channelId: json, sequence: 0, logTime: 6n, publishTime: 6n, data: new TextEncoder().encode('{"data":"hi"}') });
    await w.end();
    await handle.close();
    const bag = await readBag(file);
    expect(bag.messages.map((m) => m.message)).toEqual([{ data: 'hi' }]);
    expect(bag.skipped).toEqual({ '/said_json': 1 });
  });

  it('names the file when it is missing or not MCAP', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bag-'));
    await expect(readBag(join(dir, 'missing.mcap'))).rejects.toThrow(/missing\.mcap/);
    const bad = join(dir, 'notes.mcap');
    await writeFile(bad, 'these are not the bytes you are looking for');
    await expect(readBag(bad)).rejects.toThrow(BagReadError);
    await expect(readBag(bad)).rejects.toThrow(/notes\.mcap/);
  });
});
