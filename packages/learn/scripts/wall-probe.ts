/** The 'by the wall' test on the relational suite's wall tasks: the target (should pass) and its look-alikes (should not), from a coverage grid of two scans.
 *   npx tsx packages/learn/scripts/wall-probe.ts */
import { Simulator, generateScenario } from '@navstack/sim';
import { CoverageGrid } from '@navstack/policy';
import { nearWall } from '@navstack/policy';
import { taskFor } from '../src/world/suites.ts';
let ok = 0, n = 0, fp = 0, nd = 0;
for (let i = 0; i < 60; i += 6) {
  const task = taskFor({ tasks: 'relational', split: 'heldout' }, i);
  const sc = generateScenario(task.seed, { layout: task.layout as any, minTargetDistance: 3 });
  const grid = new CoverageGrid();
  const sim = new Simulator({ world: sc.world, seed: 1, start: task.start, physicsHz: 20 });
  for (const p of [task.start, { x: 0, y: 0, yaw: 0 }]) { sim.reset({ start: p }); grid.observe(p, sim.scan()); }
  const t = nearWall(grid, task.target.x, task.target.y);
  const others = task.objects.filter((o) => o !== task.target && o.color === task.target.color && o.shape === task.target.shape);
  const d = others.map((o) => nearWall(grid, o.x, o.y));
  n++; if (t) ok++; fp += d.filter(Boolean).length; nd += d.length;
  console.log(i, task.instruction, t, d, grid.surfacesNear(task.target.x, task.target.y, 0.5, 1.6).length);
}
console.log({ ok, n, fp, nd });
