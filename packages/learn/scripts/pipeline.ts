/**
 * The full data -> training -> ONNX pipeline for the shipped model (a long run: not a test).
 *   npx tsx packages/learn/scripts/pipeline.ts [--episodes 1500] [--rate 1] [--max-seconds 900] [--out models/policy.onnx] [--data artifacts/policy-data] [--skip-record]
 *     [--inspect-distractors F] [--record-seed S] [--record-max-seconds S] [--extra-data DIR,DIR] [--context C] [--version V]
 */
import { parseArgs } from 'node:util';
import { record } from '../src/data/record.ts';
import { train } from '../src/train.ts';

const { values } = parseArgs({
  options: {
    episodes: { type: 'string', default: '1500' },
    out: { type: 'string', default: 'models/policy.onnx' },
    data: { type: 'string', default: 'artifacts/policy-data/train' },
    'skip-record': { type: 'boolean', default: false },
    epochs: { type: 'string', default: '40' },
    ablate: { type: 'string', default: '' },
    name: { type: 'string', default: 'policy' },
    rate: { type: 'string', default: '1' },
    neighbours: { type: 'string', default: '1' },
    'max-seconds': { type: 'string', default: '900' },
    'inspect-distractors': { type: 'string', default: '0' },
    'record-seed': { type: 'string', default: '0' },
    'record-max-seconds': { type: 'string', default: '45' },
    'extra-data': { type: 'string', default: '' },
    context: { type: 'string', default: '0' },
    version: { type: 'string', default: '1.0.0' },
  },
});
const t0 = performance.now();
if (!values['skip-record']) {
  const card = await record({ out: values.data!, episodes: Number(values.episodes), seed: Number(values['record-seed']), split: 'train', rateHz: Number(values.rate), maxSeconds: Number(values['record-max-seconds']), inspectDistractors: Number(values['inspect-distractors']), progress: true });
  console.error(`recorded ${card.counts.frames} frames (${card.counts.framesTargetVisible} with the target visible) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const ab = values.ablate!;
const r = await train({
  data: [values.data!, ...values['extra-data']!.split(',').filter(Boolean)],
  out: values.out!,
  name: values.name!,
  version: values.version!,
  epochs: Number(values.epochs),
  maxSeconds: Number(values['max-seconds']),
  neighbours: Number(values.neighbours),
  context: Number(values.context),
  ablate: { camera: ab.includes('camera'), lidar: ab.includes('lidar'), language: ab.includes('language') },
});
console.log(JSON.stringify({ metrics: r.card.metrics, training: { ...r.card.training, options: undefined } }, null, 1));
