/** npx tsx packages/learn/scripts/eval.ts SUITE [--limit N] [--agents a,b] [--out DIR] [--workers N] [--model FILE.onnx] */
import { parseArgs } from 'node:util';
import { evaluate, type AgentName } from '../src/eval/evaluate.ts';
const { values, positionals } = parseArgs({ allowPositionals: true, options: { limit: { type: 'string' }, agents: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string' }, model: { type: 'string' } } });
const r = await evaluate({
  suite: positionals[0] ?? 'test/suites/heldout.json',
  limit: values.limit ? Number(values.limit) : undefined,
  agents: values.agents ? (values.agents.split(',') as AgentName[]) : undefined,
  out: values.out,
  workers: values.workers ? Number(values.workers) : undefined,
  model: values.model,
});
for (const s of r.summaries) console.log(`${s.agent.padEnd(40)} success ${(s.successRate * 100).toFixed(1)}%  SPL ${s.spl.toFixed(3)}  collisions ${s.collisions}  infer p99 ${s.inferenceMsP99?.toFixed(3)} ms ${s.skipped ?? ''}`);
console.log(`${r.seconds.toFixed(0)} s, report ${r.reportPath}`);
