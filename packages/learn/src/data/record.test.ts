import { describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Expert, confusableDistractors, record } from './record.ts';
import { distanceToObject } from '@navstack/sim';
import { columnLabels } from '../world/labels.ts';
import { simCamera } from '../world/simFactory.ts';
import { readBag, BagWriter } from '@navstack/bag';
import { loadBagSamples } from './dataset.ts';
import { DEFAULT_PREPROCESS } from '@navstack/policy';
import { generateTask } from '../world/scenario.ts';
import { createSimulator } from '../world/simFactory.ts';

describe('record', () => {
  it('records in hand-built worlds (--worlds): the expert reaches the named landmark, samples carry labels', async () => {
    const out = await mkdtemp(join(tmpdir(), 'rec-hb-'));
    const card = await record({ out, episodes: 2, seed: 0, worlds: ['lab', 'storage'], maxSeconds: 60, rateHz: 1 });
    expect(card.files.map((f) => f.world)).toEqual(['lab', 'storage']);
    expect(card.counts.expertSuccesses).toBe(2);
    expect(card.generator).toContain('hand-built worlds: lab, storage');
    const samples = await loadBagSamples(join(out, card.files[0].file), DEFAULT_PREPROCESS, 0.1, 1);
    expect(samples.length).toBeGreaterThan(5);
    expect(samples.some((s) => s.label?.visible)).toBe(true);
  });

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

  it('reads a robot bag without navstack metadata (namespaced topics): unlabelled samples', async () => {
    const out = await mkdtemp(join(tmpdir(), 'robotbag-'));
    const file = join(out, 'robot.mcap');
    const w = await BagWriter.create(file);
    const sim = createSimulator(generateTask('train', 2), 2);
    await w.write('/robot1/instruction', 'std_msgs/msg/String', { data: 'go to the red box' }, 0n);
    for (let i = 0; i < 3; i++) {
      for (let k = 0; k < 5; k++) sim.step({ linear: 0.2, angular: 0 });
      const ns = BigInt(Math.round(sim.time * 1e9));
      await w.write('/robot1/scan', 'sensor_msgs/msg/LaserScan', sim.scan(), ns);
      await w.write('/robot1/camera/image_raw', 'sensor_msgs/msg/Image', sim.cameraImage(), ns + 20_000_000n);
    }
    await w.close();
    const samples = await loadBagSamples(file, DEFAULT_PREPROCESS);
    expect(samples).toHaveLength(3);
    expect(samples[0].instruction).toBe('go to the red box');
    expect(samples[0].label).toBeUndefined();
    expect(samples[0].small.length).toBe(DEFAULT_PREPROCESS.rows * DEFAULT_PREPROCESS.cols * 3);
    await expect(readBag(join(out, 'missing.mcap'))).rejects.toThrow(/missing.mcap/);
  });

  it('inspecting expert: visits the look-alikes first, faces each close up, then ends facing the target', () => {
    const task = generateTask('train', 1502);
    const looks = confusableDistractors(task, 2);
    expect(looks.length).toBeGreaterThan(0);
    for (const o of looks) expect(o.color === task.target.color || o.shape === task.target.shape).toBe(true);
    const sim = createSimulator(task, task.seed);
    const expert = new Expert(task, sim, looks, 3);
    const cam = simCamera();
    const cfg = { ...DEFAULT_PREPROCESS, hfov: cam.hfov };
    const closest = looks.map(() => Infinity);
    let firstNearTarget = Infinity;
    const nearLook: number[] = looks.map(() => Infinity);
    while (!expert.done && sim.time < 120) {
      const pose = sim.pose();
      const lab = columnLabels(cfg, task.target, pose, sim.scan(), cam.offset);
      looks.forEach((o, i) => {
        const d = distanceToObject(o, pose.x, pose.y);
        closest[i] = Math.min(closest[i], d);
        if (d < 1.0) nearLook[i] = Math.min(nearLook[i], sim.time);
      });
      if (distanceToObject(task.target, pose.x, pose.y) < 1.0) firstNearTarget = Math.min(firstNearTarget, sim.time);
      sim.step(expert.act(pose, sim.time, lab.visible, lab.bearing));
    }
    expect(expert.done).toBe(true);
    for (let i = 0; i < looks.length; i++) {
      expect(closest[i]).toBeLessThan(1.0);
      expect(nearLook[i]).toBeLessThan(firstNearTarget);
    }
    const end = sim.pose();
    expect(distanceToObject(task.target, end.x, end.y)).toBeLessThan(1.0);
    // it ends facing the target: the camera sees it
    expect(columnLabels(cfg, task.target, end, sim.scan(), cam.offset).visible).toBe(true);
    expect(sim.collisions).toBe(0);
  });
});
