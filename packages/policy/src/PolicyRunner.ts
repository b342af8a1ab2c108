/** Preprocessing + ONNX inference + target estimate for one model, with reusable buffers. */
import type { sensor_msgs } from '@navstack/msgs';
import { estimateTarget, type TargetEstimate } from './decision.ts';
import type { OnnxPolicy, PolicyOutput } from './OnnxPolicy.ts';
import { featureSize, lidarPerColumn, preprocess, textFeatures } from './preprocess.ts';

export interface RunResult {
  estimate: TargetEstimate;
  /** The reference object's estimate ("next to the blue box"), when a reference phrase is set. */
  reference?: TargetEstimate;
  output: PolicyOutput;
  /** Wall time of the onnxruntime call and of preprocessing + inference (ms). */
  inferMs: number;
  totalMs: number;
}

export class PolicyRunner {
  readonly policy: OnnxPolicy;
  readonly #small: Float32Array;
  readonly #lidar: Float32Array;
  readonly #columns: Float32Array;
  readonly #text: Float32Array;
  readonly #refText: Float32Array;
  #hasReference = false;
  #instruction: string | undefined;
  unknownWords: string[] = [];

  constructor(policy: OnnxPolicy) {
    this.policy = policy;
    const c = policy.card.preprocess;
    this.#small = new Float32Array(c.rows * c.cols * 3);
    this.#lidar = new Float32Array(c.cols * lidarPerColumn(c));
    this.#columns = new Float32Array(c.cols * featureSize(c));
    this.#text = new Float32Array(policy.vocab.size);
    this.#refText = new Float32Array(policy.vocab.size);
  }

  /** A second phrase to look for on every frame (the reference of a relation); undefined: none. */
  setReference(text: string | undefined): void {
    this.#hasReference = text !== undefined;
    if (text !== undefined) textFeatures(this.policy.card.preprocess, this.policy.vocab, text, this.#refText);
  }

  get instruction(): string | undefined {
    return this.#instruction;
  }

  setInstruction(text: string): string[] {
    this.#instruction = text;
    this.unknownWords = textFeatures(this.policy.card.preprocess, this.policy.vocab, text, this.#text).unknown;
    return this.unknownWords;
  }

  /** Zero-copy views of the last inputs (for shadow models with the same preprocessing). */
  get inputs(): { columns: Float32Array; text: Float32Array } {
    return { columns: this.#columns, text: this.#text };
  }

  async run(scan: sensor_msgs.LaserScan, image: sensor_msgs.Image): Promise<RunResult> {
    const t0 = performance.now();
    const c = this.policy.card.preprocess;
    preprocess(c, scan, image, { small: this.#small, lidar: this.#lidar, columns: this.#columns });
    const t1 = performance.now();
    const output = await this.policy.infer(this.#columns, this.#text);
    const t2 = performance.now();
    const estimate = estimateTarget(c, output.probs, output.range, this.policy.card.decision.minConfidence);
    let reference: TargetEstimate | undefined;
    if (this.#hasReference) {
      const r = await this.policy.infer(this.#columns, this.#refText);
      reference = estimateTarget(c, r.probs, r.range, this.policy.card.decision.minConfidence);
    }
    return { estimate, reference, output, inferMs: t2 - t1, totalMs: performance.now() - t0 };
  }
}
