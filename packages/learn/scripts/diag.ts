/** Failure diagnosis on validation episodes: which object the agent committed to, and was the target in view then. */
import { distanceToObject } from '@navstack/sim';
import { PolicyAgent } from '../src/eval/agents.ts';
import { runEpisode } from '../src/eval/stackEpisode.ts';
import { generateTask } from '../src/world/scenario.ts';
const model = process.argv[2] ?? 'models/policy.onnx';
const cfg = JSON.parse(process.argv[3] ?? '{}');
const split = (process.argv[4] ?? 'train') as 'train' | 'heldout';
const from = split === 'train' ? 5000 : 0;
const n = Number(process.argv[5] ?? 100);
const counts: Record<string, number> = {};
for (let i = 0; i < n; i++) {
  const task = generateTask(split, from + i);
  const agent = await PolicyAgent.create('policy', model, task, cfg);
  const r = await runEpisode(i, task, agent, { maxSeconds: 60, decisionHz: 5 });
  await agent.close();
  let kind = 'success';
  if (!r.success) {
    const e = r.endPose;
    const near = task.objects.map((o) => ({ o, d: distanceToObject(o, e.x, e.y) })).sort((a, b) => a.d - b.d)[0];
    const t = task.target;
    if (r.reason === 'timeout') kind = 'timeout';
    else if (near.o === t) kind = 'target-but-far';
    else kind = `wrong:${near.o.color === t.color ? 'colour' : ''}${near.o.shape === t.shape ? 'shape' : ''}${near.o.color !== t.color && near.o.shape !== t.shape ? 'none' : ''}${near.d > 1.2 ? '(not-near-any)' : ''}`;
    console.log(i, task.phrase, '|', task.instruction, '|', kind, near.o.size, near.o.color, near.o.shape, near.d.toFixed(2));
  }
  counts[kind] = (counts[kind] ?? 0) + 1;
}
console.log(JSON.stringify(cfg), counts);
