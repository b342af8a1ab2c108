import { runFullStackEpisode } from '../src/eval/stackEpisode.ts';
import { generateTask } from '../src/world/scenario.ts';
const [model, idx] = process.argv.slice(2);
const task = generateTask('heldout', Number(idx ?? 0));
console.log(task.instruction, task.layout);
const t0 = performance.now();
console.log(await runFullStackEpisode(task, model, 60), ((performance.now() - t0) / 1000).toFixed(1), 's');
