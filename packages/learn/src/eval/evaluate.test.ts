import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.ts';

describe('navstack eval (evaluate) on a small suite', () => {
  it('runs the policy, the oracle and both lidar ablations on the same episodes in worker processes and writes the report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policy-eval-'));
    const suite = join(dir, 'tiny.json');
    await writeFile(
      suite,
      JSON.stringify({
        name: 'tiny',
        split: 'heldout',
        firstIndex: 0,
        episodes: 2,
        maxSeconds: 60,
        agents: ['policy', 'ground-truth', 'no-lidar', 'no-lidar-network', 'no-camera'],
        models: { policy: 'models/policy.onnx', 'no-lidar': 'models/ablation_no_lidar.onnx', 'no-lidar-network': 'models/ablation_no_lidar.onnx', 'no-camera': 'models/missing.onnx' },
      }),
    );
    const r = await evaluate({ suite, out: join(dir, 'report'), workers: 2, progress: false });
    const by = new Map(r.summaries.map((s) => [s.agent, s]));
    for (const a of ['policy', 'ground-truth goal', 'ablation: no lidar', 'ablation: no lidar in the network']) expect(by.get(a)?.episodes, a).toBe(2);
    expect(by.get('ground-truth goal')!.successRate).toBe(1);
    expect(by.get('policy')!.inferenceMsP99).toBeGreaterThan(0);
    expect(by.get('no-camera')!.skipped).toMatch(/models\/missing\.onnx not found/);
    // the same tasks for every agent
    const tasks = (a: string) => r.episodes.filter((e) => e.agent === a).map((e) => e.seed).sort();
    expect(tasks('ablation: no lidar')).toEqual(tasks('policy'));
    const md = await readFile(r.reportPath, 'utf8');
    expect(md).toMatch(/\| policy \| 2 \| \d+\.\d% \|/);
    expect(md).toContain('skipped: model models/missing.onnx not found');
    expect(await readFile(join(dir, 'report', 'success.svg'), 'utf8')).toContain('<svg');
    const saved = JSON.parse(await readFile(join(dir, 'report', 'results.json'), 'utf8'));
    expect(saved.episodes).toHaveLength(8);
  });

  it('a hand-built suite with --model: the report names the model file and its sha256, success per world, and trajectories', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policy-eval-'));
    const suite = join(dir, 'hb.json');
    await writeFile(suite, JSON.stringify({ name: 'hb', split: 'heldout', tasks: 'handbuilt', worlds: ['apartment', 'empty_room'], episodes: 2, maxSeconds: 40, agents: ['policy', 'ground-truth'], models: { policy: 'models/none.onnx' } }));
    const model = join(dir, 'mine.onnx');
    await copyFile('models/policy.onnx', model);
    await copyFile('models/policy.card.json', join(dir, 'mine.card.json'));
    const r = await evaluate({ suite, out: join(dir, 'report'), workers: 2, progress: false, model });
    expect(r.episodes.map((e) => e.world).sort()).toEqual(['apartment', 'apartment', 'empty_room', 'empty_room']);
    const md = await readFile(r.reportPath, 'utf8');
    const sha = createHash('sha256').update(await readFile(model)).digest('hex');
    expect(md).toContain(`| policy | \`${model}\` | policy 3.3.0 | \`${sha}\` |`);
    expect(md).toMatch(/## Success by world\n\n\| world \| ground-truth goal \| policy \|/);
    expect(md).toMatch(/\| apartment \| 100\.0% \(1\/1\) \|/); // the oracle reaches the apartment's landmark
    expect(md).toContain('![trajectories](trajectories.svg)');
    const svg = await readFile(join(dir, 'report', 'trajectories.svg'), 'utf8');
    expect(svg.match(/<polyline/g)).toHaveLength(4); // two tasks x two agents
    await expect(evaluate({ suite, out: join(dir, 'r2'), progress: false, model: join(dir, 'nope.onnx') })).rejects.toThrow(/--model .*nope\.onnx: no such file/);
  });

  it('refuses a malformed suite with a message naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policy-eval-'));
    const suite = join(dir, 'bad.json');
    await writeFile(suite, JSON.stringify({ name: 'bad', split: 'heldout', episodes: 0 }));
    await expect(evaluate({ suite, out: join(dir, 'r'), progress: false })).rejects.toThrow(/bad\.json/);
    await writeFile(suite, '{ not json');
    await expect(evaluate({ suite, out: join(dir, 'r'), progress: false })).rejects.toThrow(/cannot read it as JSON/);
  });
});
