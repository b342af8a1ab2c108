import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
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

  it('refuses a malformed suite with a message naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policy-eval-'));
    const suite = join(dir, 'bad.json');
    await writeFile(suite, JSON.stringify({ name: 'bad', split: 'heldout', episodes: 0 }));
    await expect(evaluate({ suite, out: join(dir, 'r'), progress: false })).rejects.toThrow(/bad\.json/);
    await writeFile(suite, '{ not json');
    await expect(evaluate({ suite, out: join(dir, 'r'), progress: false })).rejects.toThrow(/cannot read it as JSON/);
  });
});
