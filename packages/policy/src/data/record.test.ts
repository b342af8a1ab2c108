import { describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { record } from './record.ts';
import { readBag } from './BagReader.ts';

describe('record', () => {
  it('writes ros2-profile MCAP bags with CDR messages and a dataset card', async () => {
    const out = await mkdtemp(join(tmpdir(), 'rec-'));
    const card = await record({ out, episodes: 2, seed: 5, maxSeconds: 10 });
    expect(card.counts.episodes).toBe(2);
    expect(card.counts.frames).toBeGreaterThan(5);
    expect(card.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const bag = await readBag(join(out, card.files[0].file));
    const topics = bag.topics.map((t) => t.topic).sort();
    expect(topics).toEqual(['/camera/image_raw', '/expert/cmd_vel', '/expert/label', '/instruction', '/odom', '/scan']);
    expect(bag.topics.find((t) => t.topic === '/scan')!.type).toBe('sensor_msgs/msg/LaserScan');
    expect(bag.metadata.get('navstack.task')).toBeDefined();
    const img = bag.messages.find((m) => m.topic === '/camera/image_raw')!.message as { encoding: string; data: Uint8Array };
    expect(img.encoding).toBe('rgb8');
    // Same seeds -> same content.
    const out2 = await mkdtemp(join(tmpdir(), 'rec-'));
    const card2 = await record({ out: out2, episodes: 2, seed: 5, maxSeconds: 10 });
    expect(card2.contentHash).toBe(card.contentHash);
  });
});
