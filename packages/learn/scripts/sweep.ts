/**
 * Behaviour settings on validation episodes (train split, world indices from 5000, never recorded): never the
 * held-out suite.  npx tsx packages/learn/scripts/sweep.ts MODEL '[{...}, ...]' [FIRST=5000] [N=100]
 */
import { PolicyAgent } from '../src/eval/agents.ts';
import { runEpisode } from '../src/eval/stackEpisode.ts';
import { generateTask } from '../src/world/scenario.ts';
import type { BehaviourOptions } from '@navstack/policy';
const model = process.argv[2] ?? 'models/policy.onnx';
const configs: Partial<BehaviourOptions>[] = JSON.parse(process.argv[3] ?? '[{}]');
const first = Number(process.argv[4] ?? 5000);
const n = Number(process.argv[5] ?? 100);
for (const cfg of configs) {
  let ok = 0, spl = 0;
  for (let i = 0; i < n; i++) {
    const task = generateTask('train', first + i);
    const agent = await PolicyAgent.create('policy', model, task, cfg);
    const r = await runEpisode(i, task, agent, { maxSeconds: 60, decisionHz: 5 });
    await agent.close();
    if (r.success) ok++;
    spl += r.spl;
  }
  console.log(JSON.stringify(cfg), `success ${ok}/${n}`, `SPL ${(spl / n).toFixed(3)}`);
}
