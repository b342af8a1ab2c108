import { generateTask } from '../src/world/scenario.ts';
import { createSimulator } from '../src/world/simFactory.ts';
import { OnnxPolicy } from '../src/OnnxPolicy.ts';
import { PolicyRunner } from '../src/PolicyRunner.ts';
import { columnLabels } from '../src/world/labels.ts';
const idx = Number(process.argv[2]);
const task = generateTask('train', idx);
console.log(task.instruction, task.target.name, task.objects.map((o) => o.name).join(' '));
const sim = createSimulator(task, task.seed);
const r = new PolicyRunner(await OnnxPolicy.load('models/policy.onnx'));
r.setInstruction(task.instruction);
for (let i = 0; i < 12; i++) {
  const scan = sim.scan();
  const out = await r.run(scan, sim.cameraImage());
  const lab = columnLabels(r.policy.card.preprocess, task.target, sim.pose(), scan, 0.15);
  const e = out.estimate;
  const trueCols = [...lab.mask].map((m, k) => (m ? k : -1)).filter((k) => k >= 0);
  console.log(i, e.inView, e.column, e.confidence.toFixed(2), 'pNot', e.pNotInView.toFixed(2), 'range', e.range.toFixed(2), '| truth', lab.visible, trueCols.join(','), trueCols.length ? lab.range[trueCols[0]].toFixed(2) : '');
  for (let k = 0; k < 4; k++) sim.step({ linear: 0, angular: 0.6 });
}
