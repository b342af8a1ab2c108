// Every instruction of the README's worlds table, driven through the full stack
// (sim_node + navigator + safety + policy_node, the shipped model) from the world's documented start.
//   npx tsx packages/cli/scripts/try-world-instructions.ts [world,world...]
import fs from 'node:fs';
import path from 'node:path';
import { loadWorld, WORLDS_DIR } from '@navstack/sim';
import { runFullStackEpisode } from '@navstack/learn';
import { startPose, worldsTable } from '../src/worldsDocs.ts';

const table = await worldsTable();
const only = process.argv[2]?.split(',');
let world = '';
let ok = 0, n = 0;
for (const row of table.split('\n').filter((r) => r.startsWith('| ') && !r.startsWith('| world'))) {
  const cells = row.split(' | ');
  const w = /\*\*(\w+)\*\*/.exec(cells[0]!);
  if (w) world = w[1]!;
  if (only && !only.includes(world)) continue;
  if (cells[3]!.startsWith('none:')) continue; // refused on purpose (a colour the model does not know)
  const name = cells[1]!.split(' ')[0]!;
  const file = path.join(WORLDS_DIR, `${world}.sdf`);
  const { world: wd } = loadWorld(file);
  const target = wd.objects.find((o) => o.name === name)!;
  const alternatives = wd.objects.filter((o) => o !== target && o.color === target.color && o.shape === target.shape && o.size === target.size);
  const start = startPose(file, fs.readFileSync(file, 'utf8'));
  for (const m of cells[3]!.matchAll(/`(go to the [^`]*)`/g)) {
    const instruction = m[1]!;
    const rel = /on your|by the wall|next to|nearest|farthest/.test(instruction);
    const task = { split: 'heldout' as const, seed: 0, layout: 'handbuilt', worldName: world, worldFile: file, start, target, instruction, phrase: instruction, objects: wd.objects, alternatives: rel ? [] : alternatives };
    const r = await runFullStackEpisode(task, 'models/policy.onnx', 180);
    n++; if (r.success) ok++;
    const line = `${world}\t${name}\t${instruction}\t${r.success ? 'OK' : 'FAIL'}\t${r.reason}\tsim ${r.simTime.toFixed(0)} s`;
    console.log(line);
  }
}
console.log(`${ok} of ${n} reached`);
