// navstack record / train / eval: the policy pipeline's commands (the work is in @navstack/learn). Options are
// checked first; then each command loads only its part of the lab (record: the simulator and MCAP; train:
// TensorFlow.js; eval: the navigation stack and onnxruntime).
import { z } from 'zod';
import { AGENTS } from '@navstack/learn/agents';
import { UsageError } from '../errors.ts';
import { numberText, parseOptions } from '../options.ts';

const int = (min: number) => numberText(min).refine((x) => Number.isInteger(x), 'must be an integer');

export const recordHelp = `usage: navstack record --out DIR [--episodes N] [--seed S] [--split train|heldout] [--rate HZ] [--max-seconds S]
                      [--inspect-distractors FRACTION]

Generates expert demonstrations in seeded procedural scenarios and writes them as MCAP files
(ros2 profile, CDR; readable by Foxglove and ros2 bag) with a dataset card beside them.
--inspect-distractors: in this fraction of episodes the expert first visits up to two look-alikes
(same colour or shape as the target) and faces each, so the data has close-up hard negatives.`;

export async function recordCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(
    'record',
    argv,
    { out: { type: 'string' }, episodes: { type: 'string' }, seed: { type: 'string' }, split: { type: 'string' }, rate: { type: 'string' }, 'max-seconds': { type: 'string' }, 'inspect-distractors': { type: 'string' } },
    z.object({
      out: z.string({ error: 'is required (where to write the bags)' }).min(1),
      'inspect-distractors': numberText(0, 1).optional(),
      episodes: int(1).optional(),
      seed: int(0).optional(),
      split: z.enum(['train', 'heldout']).optional(),
      rate: numberText(0.1, 100).optional(),
      'max-seconds': numberText(1).optional(),
    }),
  );
  const { record } = await import('@navstack/learn/record');
  const card = await record({ out: values.out, episodes: values.episodes, seed: values.seed, split: values.split, rateHz: values.rate, maxSeconds: values['max-seconds'], inspectDistractors: values['inspect-distractors'], progress: true });
  console.log(JSON.stringify(card, null, 2));
  return 0;
}

export const trainHelp = `usage: navstack train --data DIR[,DIR...] --out models/NAME.onnx [--epochs N] [--seed S] [--max-seconds S] [--ablate camera|lidar|language]

Trains the policy with TensorFlow.js (tfjs-node when installed, else wasm), split by world,
with early stopping and a progress bar; writes the ONNX model, its model card, the training
curves (SVG) and checks tfjs/onnxruntime parity on real samples.`;

export async function trainCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(
    'train',
    argv,
    { data: { type: 'string' }, out: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' }, 'max-seconds': { type: 'string' }, ablate: { type: 'string' }, version: { type: 'string' } },
    z.object({
      data: z.string({ error: 'is required (dataset folders from navstack record)' }).min(1),
      out: z.string({ error: 'is required (e.g. models/policy.onnx)' }).regex(/\.onnx$/, 'must end in .onnx'),
      epochs: int(1).optional(),
      seed: int(0).optional(),
      'max-seconds': numberText(1).optional(),
      ablate: z.enum(['camera', 'lidar', 'language']).optional(),
      version: z.string().optional(),
    }),
  );
  const { train } = await import('@navstack/learn/train');
  const result = await train({
    data: values.data.split(','),
    out: values.out,
    epochs: values.epochs,
    seed: values.seed,
    maxSeconds: values['max-seconds'],
    version: values.version,
    ...(values.ablate ? { ablate: { camera: values.ablate === 'camera', lidar: values.ablate === 'lidar', language: values.ablate === 'language' } } : {}),
  });
  console.log(JSON.stringify(result, null, 2));
  return 0;
}

export const evalHelp = `usage: navstack eval --suite FILE [--out DIR] [--workers N] [--limit N] [--agents a,b,...]

Runs the suite's seeded episodes on every core for the policy, the baselines and the ablations
(agents: ${AGENTS.join(', ')}), each through the navigation stack that ships
(sim_node, navigator, safety, on sim time), and writes a Markdown report with plots
(default reports/<suite>/).`;

export async function evalCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(
    'eval',
    argv,
    { suite: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string' }, limit: { type: 'string' }, agents: { type: 'string' } },
    z.object({
      suite: z.string({ error: 'is required (e.g. test/suites/heldout.json)' }).min(1),
      out: z.string().optional(),
      workers: int(1).optional(),
      limit: int(1).optional(),
      agents: z.string().optional(),
    }),
  );
  const agents = values.agents?.split(',').map((a) => a.trim());
  for (const a of agents ?? []) if (!(AGENTS as readonly string[]).includes(a)) throw new UsageError(`eval: unknown agent '${a}' (known: ${AGENTS.join(', ')})`);
  const { evaluate } = await import('@navstack/learn/evaluate');
  const result = await evaluate({ suite: values.suite, out: values.out, workers: values.workers, limit: values.limit, agents: agents as (typeof AGENTS)[number][] | undefined });
  console.log(JSON.stringify(result.summaries, null, 2));
  console.error(`navstack eval: report written to ${result.reportPath}`);
  return 0;
}
