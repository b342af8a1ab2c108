// navstack record / train / eval: the policy pipeline's commands (the work is in @navstack/learn). Options are
// checked first; then each command loads only its part of the lab (record: the simulator and MCAP; train:
// TensorFlow.js; eval: the navigation stack and onnxruntime).
import { z } from 'zod';
import { AGENTS } from '@navstack/learn/agents';
import { UsageError } from '../errors.ts';
import { numberText, parseOptions } from '../options.ts';

const int = (min: number) => numberText(min).refine((x) => Number.isInteger(x), 'must be an integer');

export const recordHelp = `usage: navstack record --out DIR [--episodes N] [--seed S] [--split train|heldout] [--rate HZ] [--max-seconds S]
                      [--inspect-distractors FRACTION] [--worlds NAME,NAME...] [--landmark-variety]

Generates expert demonstrations in seeded procedural scenarios (or in hand-built worlds with
--worlds, e.g. lab,corridor,storage) and writes them as MCAP files (ros2 profile, CDR; readable
by Foxglove and ros2 bag) with a dataset card (dataset_card.json) beside them.
--episodes N: 40 by default; --episodes 20 is a quick look (well under a minute here).
--inspect-distractors: in this fraction of episodes the expert first visits up to two look-alikes
(same colour or shape as the target) and faces each, so the data has close-up hard negatives.
--landmark-variety: generated landmarks in varied shades (darker, paler, tinted; still nearest their
colour word) and sizes drawn from a range in each size class, instead of six fixed shades and sizes.`;

export async function recordCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(
    'record',
    argv,
    { out: { type: 'string' }, episodes: { type: 'string' }, seed: { type: 'string' }, split: { type: 'string' }, rate: { type: 'string' }, 'max-seconds': { type: 'string' }, 'inspect-distractors': { type: 'string' }, worlds: { type: 'string' }, 'landmark-variety': { type: 'boolean' } },
    z.object({
      out: z.string({ error: 'is required (where to write the bags)' }).min(1),
      'inspect-distractors': numberText(0, 1).optional(),
      episodes: int(1).optional(),
      seed: int(0).optional(),
      split: z.enum(['train', 'heldout']).optional(),
      rate: numberText(0.1, 100).optional(),
      'max-seconds': numberText(1).optional(),
      worlds: z.string().optional(),
      'landmark-variety': z.boolean().optional(),
    }),
  );
  const { record } = await import('@navstack/learn/record');
  const t0 = performance.now();
  const worlds = values.worlds?.split(',').map((w) => w.trim()).filter(Boolean);
  const card = await record({ out: values.out, episodes: values.episodes, seed: values.seed, split: values.split, rateHz: values.rate, maxSeconds: values['max-seconds'], inspectDistractors: values['inspect-distractors'], worlds, landmarkVariety: values['landmark-variety'], progress: true });
  const c = card.counts;
  console.log(`navstack record: ${c.episodes} episodes (${c.expertSuccesses} reached by the expert), ${c.frames} frames (${c.framesTargetVisible} with the target in view) in ${((performance.now() - t0) / 1000).toFixed(0)} s -> ${values.out} (card: ${values.out}/dataset_card.json)`);
  return 0;
}

export const trainHelp = `usage: navstack train --data DIR[,DIR...] --out models/NAME.onnx [--name NAME] [--version X.Y.Z] [--epochs N] [--seed S]
                     [--max-seconds S] [--sensor-variation FRACTION] [--ablate camera|lidar|language]
                     [--init-from MODEL.onnx] [--learning-rate R]

Trains the policy with TensorFlow.js (tfjs-node when installed, else wasm), split by world,
with early stopping and a progress bar (15 min at most by default: --max-seconds); writes the
ONNX model, its model card (NAME.card.json: name and version from --name/--version, default the
file's name and 1.0.0), the training curves (NAME.curves.svg) and checks tfjs/onnxruntime parity.
--sensor-variation: the fraction of frames given another lidar and camera (noise, dropouts, beam
counts, range limits, exposure, white balance); the card then states the sensor ranges trained for.
--init-from: fine-tune: start from that model's weights and vocabulary (same dimensions and
preprocessing) instead of random ones; a lower --learning-rate (default 0.003) suits it.`;

export async function trainCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(
    'train',
    argv,
    { data: { type: 'string' }, out: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' }, 'max-seconds': { type: 'string' }, ablate: { type: 'string' }, version: { type: 'string' }, name: { type: 'string' }, 'sensor-variation': { type: 'string' }, 'init-from': { type: 'string' }, 'learning-rate': { type: 'string' } },
    z.object({
      data: z.string({ error: 'is required (dataset folders from navstack record)' }).min(1),
      out: z.string({ error: 'is required (e.g. models/policy.onnx)' }).regex(/\.onnx$/, 'must end in .onnx'),
      epochs: int(1).optional(),
      seed: int(0).optional(),
      'max-seconds': numberText(1).optional(),
      ablate: z.enum(['camera', 'lidar', 'language']).optional(),
      version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be semver, e.g. 1.2.0').optional(),
      name: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only').optional(),
      'sensor-variation': numberText(0, 1).optional(),
      'init-from': z.string().regex(/\.onnx$/, 'must be an .onnx model').optional(),
      'learning-rate': numberText(1e-9, 1).optional(),
    }),
  );
  const { train } = await import('@navstack/learn/train');
  const { basename } = await import('node:path');
  const result = await train({
    data: values.data.split(','),
    out: values.out,
    epochs: values.epochs,
    seed: values.seed,
    maxSeconds: values['max-seconds'],
    version: values.version,
    name: values.name ?? basename(values.out, '.onnx'),
    sensorVariation: values['sensor-variation'],
    initFrom: values['init-from'],
    learningRate: values['learning-rate'],
    ...(values.ablate ? { ablate: { camera: values.ablate === 'camera', lidar: values.ablate === 'lidar', language: values.ablate === 'language' } } : {}),
  });
  const v = result.card.metrics.validation as { loss: number; accuracy: number };
  const t = result.card.training;
  console.log(`navstack train: ${result.card.name} ${result.card.version}, ${t.epochs} epochs (best ${t.bestEpoch}) in ${t.seconds.toFixed(0)} s, validation loss ${v.loss.toFixed(3)} accuracy ${(v.accuracy * 100).toFixed(1)}% -> ${result.onnxPath} (card: ${result.cardPath})`);
  return 0;
}

export const evalHelp = `usage: navstack eval --suite FILE [--model FILE.onnx] [--out DIR] [--workers N] [--limit N] [--agents a,b,...]

Runs the suite's seeded episodes on every core for the policy, the baselines and the ablations
(agents: ${AGENTS.join(', ')}), each through the navigation stack that ships
(sim_node, navigator, safety, on sim time), and writes a Markdown report with plots
(default reports/<suite>/): success and SPL per agent, outcomes, per world or relation,
trajectories, and the model file and sha256 each agent ran.
Suites: test/suites/heldout.json, handbuilt.json, relational.json, absent.json, *-shift.json, smoke.json.
--model: evaluate this model as the policy instead of the suite's (e.g. one you trained):
  navstack eval --suite test/suites/smoke.json --model models/mine.onnx --agents policy`;

export async function evalCommand(argv: string[]): Promise<number> {
  const { values } = parseOptions(
    'eval',
    argv,
    { suite: { type: 'string' }, out: { type: 'string' }, workers: { type: 'string' }, limit: { type: 'string' }, agents: { type: 'string' }, model: { type: 'string' } },
    z.object({
      suite: z.string({ error: 'is required (e.g. test/suites/heldout.json)' }).min(1),
      out: z.string().optional(),
      workers: int(1).optional(),
      limit: int(1).optional(),
      agents: z.string().optional(),
      model: z.string().regex(/\.onnx$/, 'must be an .onnx file (its .card.json beside it)').optional(),
    }),
  );
  const agents = values.agents?.split(',').map((a) => a.trim());
  for (const a of agents ?? []) if (!(AGENTS as readonly string[]).includes(a)) throw new UsageError(`eval: unknown agent '${a}' (known: ${AGENTS.join(', ')})`);
  const { evaluate } = await import('@navstack/learn/evaluate');
  const result = await evaluate({ suite: values.suite, out: values.out, workers: values.workers, limit: values.limit, agents: agents as (typeof AGENTS)[number][] | undefined, model: values.model });
  for (const s of result.summaries) console.log(s.skipped ? `${s.agent}: skipped (${s.skipped})` : `${s.agent}: success ${(s.successRate * 100).toFixed(1)}% of ${s.episodes}, SPL ${s.spl.toFixed(2)}, collisions ${s.collisions}`);
  console.log(`navstack eval: ${result.episodes.length} episodes in ${result.seconds.toFixed(0)} s, report ${result.reportPath}`);
  return 0;
}
