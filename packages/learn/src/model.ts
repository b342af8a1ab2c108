/**
 * ColumnFiLM: a per-image-column MLP conditioned on the instruction.
 * Every image column (with its neighbours and the lidar ranges at its bearing) is a token; the same
 * two-layer MLP scores each token, its second layer modulated (FiLM) by an instruction embedding.
 * With `context` c > 0 the second layer reads the first layer's features of columns k-c..k+c (zero
 * beyond the image edge): an object's whole silhouette and lidar profile (its shape) rather than a slice.
 * Outputs: softmax over [cols scores, "target not in view"] and a range (m) per column.
 * Only MatMul / Add / Mul / Relu / Reshape / Concat / Softmax (+ Pad / Slice for context): trains on
 * tfjs-wasm, exports to plain ONNX.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '@navstack/math';

export interface ModelDims {
  cols: number;
  features: number;
  vocab: number;
  embed: number;
  hidden1: number;
  hidden2: number;
  /** Columns on each side whose first-layer features the second layer reads (0: the column alone). */
  context?: number;
  /** Range output = raw * rangeScale (m). */
  rangeScale: number;
}

export const PARAM_SHAPES = (d: ModelDims): Record<string, number[]> => ({
  We: [d.vocab, d.embed],
  be: [d.embed],
  W1: [d.features, d.hidden1],
  b1: [d.hidden1],
  Wt1: [d.embed, d.hidden1],
  W2: [(2 * (d.context ?? 0) + 1) * d.hidden1, d.hidden2],
  b2: [d.hidden2],
  Wg: [d.embed, d.hidden2],
  bg: [d.hidden2],
  Wb: [d.embed, d.hidden2],
  W3: [d.hidden2, 1],
  b3: [1],
  Wr: [d.hidden2, 1],
  br: [1],
  Wn: [d.embed, 1],
  bn: [1],
});

export type Params = Record<string, tf.Variable>;

/** Plain weights (what is saved and exported). */
export type Weights = Record<string, { shape: number[]; data: Float32Array }>;

/** Seeded Glorot-uniform init (biases 0, FiLM gamma bias 1). */
export function initWeights(d: ModelDims, seed: number): Weights {
  const rng = new Rng(seed);
  const out: Weights = {};
  for (const [name, shape] of Object.entries(PARAM_SHAPES(d))) {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    if (shape.length === 2) {
      const lim = Math.sqrt(6 / (shape[0] + shape[1]));
      for (let i = 0; i < n; i++) data[i] = rng.uniform(-lim, lim);
    } else if (name === 'bg') data.fill(1);
    else if (name === 'bn') data.fill(1);
    out[name] = { shape, data };
  }
  return out;
}

export function toVariables(w: Weights): Params {
  const p: Params = {};
  for (const [k, v] of Object.entries(w)) p[k] = tf.variable(tf.tensor(v.data, v.shape, 'float32'), true, k);
  return p;
}

export function fromVariables(p: Params): Weights {
  const w: Weights = {};
  for (const [k, v] of Object.entries(p)) w[k] = { shape: v.shape.slice(), data: v.dataSync() as Float32Array };
  return w;
}

/**
 * Forward pass. columns: [N, cols, F]; text: [N, V].
 * Returns logits [N, cols+1], probs [N, cols+1], range [N, cols] (m).
 */
export function forward(p: Params | Record<string, tf.Tensor>, d: ModelDims, columns: tf.Tensor3D, text: tf.Tensor2D): { logits: tf.Tensor2D; probs: tf.Tensor2D; range: tf.Tensor2D } {
  return tf.tidy(() => {
    const n = columns.shape[0];
    const e = tf.relu(tf.add(tf.matMul(text, p.We as tf.Tensor2D), p.be));
    const flat = tf.reshape(columns, [n * d.cols, d.features]) as tf.Tensor2D;
    const a = tf.reshape(tf.matMul(flat, p.W1 as tf.Tensor2D), [n, d.cols, d.hidden1]);
    const tt = tf.reshape(tf.matMul(e, p.Wt1 as tf.Tensor2D), [n, 1, d.hidden1]);
    const h1 = tf.relu(tf.add(tf.add(a, p.b1), tt));
    const c = d.context ?? 0;
    let hc: tf.Tensor = h1;
    if (c > 0) {
      const padded = tf.pad(h1, [[0, 0], [c, c], [0, 0]]);
      hc = tf.concat(Array.from({ length: 2 * c + 1 }, (_, s) => tf.slice(padded, [0, s, 0], [n, d.cols, d.hidden1])), 2);
    }
    const z = tf.add(tf.reshape(tf.matMul(tf.reshape(hc, [n * d.cols, (2 * c + 1) * d.hidden1]) as tf.Tensor2D, p.W2 as tf.Tensor2D), [n, d.cols, d.hidden2]), p.b2);
    const gamma = tf.reshape(tf.add(tf.matMul(e, p.Wg as tf.Tensor2D), p.bg), [n, 1, d.hidden2]);
    const beta = tf.reshape(tf.matMul(e, p.Wb as tf.Tensor2D), [n, 1, d.hidden2]);
    const h2 = tf.relu(tf.add(tf.mul(z, gamma), beta));
    const h2f = tf.reshape(h2, [n * d.cols, d.hidden2]) as tf.Tensor2D;
    const s = tf.reshape(tf.add(tf.matMul(h2f, p.W3 as tf.Tensor2D), p.b3), [n, d.cols]);
    const nl = tf.add(tf.matMul(e, p.Wn as tf.Tensor2D), p.bn);
    const logits = tf.concat([s, nl], 1) as tf.Tensor2D;
    const probs = tf.softmax(logits, -1) as tf.Tensor2D;
    const range = tf.mul(tf.reshape(tf.add(tf.matMul(h2f, p.Wr as tf.Tensor2D), p.br), [n, d.cols]), d.rangeScale) as tf.Tensor2D;
    return { logits, probs, range };
  });
}

export function parameterCount(d: ModelDims): number {
  return Object.values(PARAM_SHAPES(d)).reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);
}

let backendReady: Promise<string> | undefined;
/** tfjs-node when installed, else the wasm backend (dense layers train there), else cpu. */
export function ensureBackend(): Promise<string> {
  backendReady ??= (async () => {
    try {
      await import('@tensorflow/tfjs-node' as string);
      if (await tf.setBackend('tensorflow')) return 'tensorflow';
    } catch {
      /* optional */
    }
    try {
      await import('@tensorflow/tfjs-backend-wasm');
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return 'wasm';
      }
    } catch {
      /* fall through */
    }
    await tf.setBackend('cpu');
    return 'cpu';
  })();
  return backendReady;
}
