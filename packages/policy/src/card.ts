/** The model card written beside every ONNX model, validated with zod at load. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { PreprocessConfigSchema } from './preprocess.ts';
import { SensorEnvelopeSchema } from './SensorCheck.ts';

const Dim = z.union([z.number().int().positive(), z.string().min(1)]);
const TensorSpec = z.object({
  name: z.string().min(1),
  shape: z.array(Dim).min(1),
  type: z.literal('float32'),
  description: z.string(),
});

export const ModelCardSchema = z.object({
  kind: z.literal('navstack-policy-card'),
  name: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+/, 'version must be semver (1.2.3)'),
  created: z.string(),
  architecture: z.literal('ColumnFiLM'),
  dims: z.object({
    cols: z.number().int().positive(),
    features: z.number().int().positive(),
    vocab: z.number().int().positive(),
    embed: z.number().int().positive(),
    hidden1: z.number().int().positive(),
    hidden2: z.number().int().positive(),
    context: z.number().int().nonnegative().optional(),
    rangeScale: z.number().positive(),
  }),
  parameters: z.number().int().positive(),
  inputs: z.array(TensorSpec).length(2),
  outputs: z.array(TensorSpec).length(2),
  preprocess: PreprocessConfigSchema,
  vocabulary: z.array(z.string()).min(1).refine((v) => v[0] === '<unk>', 'vocabulary[0] must be <unk>'),
  decision: z.object({
    /** Below this probability of the best column the target counts as not in view. */
    minConfidence: z.number().min(0).max(1),
    /** Goal stand-off from the target's surface (m). */
    standoff: z.number().nonnegative(),
    /** GoalBehaviour's arrival check (frames; 0 = off), tuned for this model on validation episodes. */
    verifyFrames: z.number().int().nonnegative().optional(),
    /** GoalBehaviour's approach check (frames; 0 = off). */
    approachRejectFrames: z.number().int().nonnegative().optional(),
  }),
  training: z.object({
    dataHash: z.string(),
    datasets: z.array(z.string()),
    samples: z.object({ train: z.number().int(), validation: z.number().int() }),
    worlds: z.object({ train: z.number().int(), validation: z.number().int() }),
    seed: z.number().int(),
    epochs: z.number().int(),
    bestEpoch: z.number().int(),
    backend: z.string(),
    seconds: z.number(),
    options: z.record(z.string(), z.unknown()),
  }),
  metrics: z.record(z.string(), z.unknown()),
  /** The sensor ranges the model was trained for (domain randomization); absent: the bundled robot's sensors only. */
  sensors: SensorEnvelopeSchema.optional(),
  onnx: z.object({ file: z.string(), opset: z.number().int().min(17), sha256: z.string() }),
});
export type ModelCard = z.infer<typeof ModelCardSchema>;

export class ModelCardError extends Error {
  constructor(msg: string) {
    super(msg);
    this.name = 'ModelCardError';
  }
}

export function cardPathFor(onnxPath: string): string {
  return onnxPath.replace(/\.onnx$/, '') + '.card.json';
}

export async function readCard(path: string): Promise<ModelCard> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new ModelCardError(`model card ${path}: cannot read it as JSON (${(e as Error).message}); every model in models/ needs its <name>.card.json beside it`);
  }
  const r = ModelCardSchema.safeParse(raw);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ModelCardError(`model card ${path} is invalid: ${issues}`);
  }
  return r.data;
}
