/**
 * An ONNX policy loaded in onnxruntime-node and checked against its model card (names, shapes, types).
 * onnxruntime loads with the first model: importing the package (for its preprocessing, say) does not load it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type * as Ort from 'onnxruntime-node';
import { cardPathFor, readCard, type ModelCard } from './card.ts';
import { featureSize } from './preprocess.ts';
import { Vocabulary } from './tokenizer.ts';

export class ModelLoadError extends Error {
  constructor(msg: string) {
    super(msg);
    this.name = 'ModelLoadError';
  }
}

export interface PolicyOutput {
  probs: Float32Array;
  range: Float32Array;
}

export class OnnxPolicy {
  readonly path: string;
  readonly card: ModelCard;
  readonly vocab: Vocabulary;
  readonly sha256: string;
  readonly #ort: typeof Ort;
  readonly #session: Ort.InferenceSession;

  private constructor(path: string, card: ModelCard, ort: typeof Ort, session: Ort.InferenceSession, sha256: string) {
    this.path = path;
    this.card = card;
    this.#ort = ort;
    this.#session = session;
    this.vocab = new Vocabulary(card.vocabulary);
    this.sha256 = sha256;
  }

  /** Loads `path` (.onnx) and its card (`<name>.card.json`); refuses a model that does not match its card. */
  static async load(path: string, options: { cardPath?: string; intraOpNumThreads?: number } = {}): Promise<OnnxPolicy> {
    const cardPath = options.cardPath ?? cardPathFor(path);
    const card = await readCard(cardPath);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (e) {
      throw new ModelLoadError(`model ${path}: cannot read it (${(e as Error).message})`);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const ort = await import('onnxruntime-node');
    let session: Ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: options.intraOpNumThreads ?? 1, interOpNumThreads: 1, executionMode: 'sequential' });
    } catch (e) {
      throw new ModelLoadError(`model ${path}: onnxruntime refused it: ${(e as Error).message.split('\n')[0]}`);
    }
    const problems = OnnxPolicy.#check(card, session);
    if (card.onnx.sha256 && card.onnx.sha256 !== sha256) problems.push(`file sha256 ${sha256.slice(0, 12)}… differs from the card's ${card.onnx.sha256.slice(0, 12)}… (model replaced without its card?)`);
    if (problems.length) {
      await session.release();
      throw new ModelLoadError(`model ${path} does not match its card ${cardPath}: ${problems.join('; ')}. Re-export the model with its card (navstack train) or fix the card.`);
    }
    const p = new OnnxPolicy(path, card, ort, session, sha256);
    // A real run: output shapes must match the card too.
    const out = await p.infer(new Float32Array(card.dims.cols * card.dims.features), new Float32Array(card.dims.vocab));
    if (out.probs.length !== card.dims.cols + 1 || out.range.length !== card.dims.cols) {
      await session.release();
      throw new ModelLoadError(`model ${path}: outputs have ${out.probs.length} and ${out.range.length} values, the card says ${card.dims.cols + 1} and ${card.dims.cols}`);
    }
    return p;
  }

  static #check(card: ModelCard, s: Ort.InferenceSession): string[] {
    const problems: string[] = [];
    const d = card.dims;
    if (featureSize(card.preprocess) !== d.features) problems.push(`card preprocessing gives ${featureSize(card.preprocess)} features per column, dims.features is ${d.features}`);
    if (card.vocabulary.length !== d.vocab) problems.push(`card vocabulary has ${card.vocabulary.length} words, dims.vocab is ${d.vocab}`);
    const want = (names: readonly string[], specs: ModelCard['inputs'], kind: string) => {
      const got = [...names];
      const exp = specs.map((x) => x.name);
      if (got.join(',') !== exp.join(',')) problems.push(`${kind} names are [${got.join(', ')}], the card says [${exp.join(', ')}]`);
    };
    want(s.inputNames, card.inputs, 'input');
    want(s.outputNames, card.outputs, 'output');
    const meta = (s as unknown as { inputMetadata?: { name: string; isTensor: boolean; type?: string; shape?: (number | string)[] }[] }).inputMetadata;
    if (meta) {
      for (const spec of card.inputs) {
        const m = meta.find((x) => x.name === spec.name);
        if (!m) continue;
        if (m.type && m.type !== spec.type) problems.push(`input '${spec.name}' has type ${m.type}, the card says ${spec.type}`);
        if (m.shape) {
          const a = m.shape.map((x) => (typeof x === 'number' && x > 0 ? x : 'N'));
          const b = spec.shape.map((x) => (typeof x === 'number' ? x : 'N'));
          if (a.join('x') !== b.join('x')) problems.push(`input '${spec.name}' has shape [${m.shape.join(', ')}], the card says [${spec.shape.join(', ')}]`);
        }
      }
    }
    return problems;
  }

  /** One sample: columns [cols*features], text [vocab]. */
  async infer(columns: Float32Array, text: Float32Array): Promise<PolicyOutput> {
    const d = this.card.dims;
    const r = await this.#session.run({
      columns: new this.#ort.Tensor('float32', columns, [1, d.cols, d.features]),
      text: new this.#ort.Tensor('float32', text, [1, d.vocab]),
    });
    return { probs: r.probs.data as Float32Array, range: r.range.data as Float32Array };
  }

  /** A batch: columns [n*cols*features], text [n*vocab]. */
  async inferBatch(n: number, columns: Float32Array, text: Float32Array): Promise<PolicyOutput> {
    const d = this.card.dims;
    const r = await this.#session.run({
      columns: new this.#ort.Tensor('float32', columns, [n, d.cols, d.features]),
      text: new this.#ort.Tensor('float32', text, [n, d.vocab]),
    });
    return { probs: r.probs.data as Float32Array, range: r.range.data as Float32Array };
  }

  async release(): Promise<void> {
    await this.#session.release();
  }
}
