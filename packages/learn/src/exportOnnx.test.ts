import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { ensureBackend, forward, initWeights, toVariables, type ModelDims } from './model.ts';
import { exportOnnx, importOnnxWeights } from './exportOnnx.ts';
import { Rng } from '@navstack/math';

describe('exportOnnx', () => {
  it.each([0, 2])('writes an opset-17 model that onnxruntime runs like tfjs (random weights, context %i)', async (context) => {
    await ensureBackend();
    const d: ModelDims = { cols: 8, features: 11, vocab: 7, embed: 5, hidden1: 6, hidden2: 4, context, rangeScale: 10 };
    const w = initWeights(d, 3);
    const bytes = exportOnnx(w, d, { version: 'test' });
    const s = await ort.InferenceSession.create(bytes);
    expect(s.inputNames).toEqual(['columns', 'text']);
    const rng = new Rng(1);
    const rnd = () => rng.next();
    const n = 3;
    const cols = Float32Array.from({ length: n * d.cols * d.features }, () => rnd());
    const text = Float32Array.from({ length: n * d.vocab }, () => (rnd() > 0.5 ? 1 : 0));
    const r = await s.run({ columns: new ort.Tensor('float32', cols, [n, d.cols, d.features]), text: new ort.Tensor('float32', text, [n, d.vocab]) });
    const p = toVariables(w);
    const out = forward(p, d, tf.tensor3d(cols, [n, d.cols, d.features]), tf.tensor2d(text, [n, d.vocab]));
    const probs = out.probs.dataSync();
    const range = out.range.dataSync();
    const a = r.probs.data as Float32Array;
    const b = r.range.data as Float32Array;
    expect(a.length).toBe(probs.length);
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - probs[i])).toBeLessThan(1e-5);
    for (let i = 0; i < b.length; i++) expect(Math.abs(b[i] - range[i])).toBeLessThan(1e-4);
    tf.dispose([...Object.values(p), out.logits, out.probs, out.range]);
  });

  it('reads the weights back exactly, and refuses dimensions the model was not written with', () => {
    const d: ModelDims = { cols: 8, features: 11, vocab: 7, embed: 5, hidden1: 6, hidden2: 4, rangeScale: 10 };
    const w = initWeights(d, 5);
    const bytes = exportOnnx(w, d, { version: 'test' });
    const back = importOnnxWeights(bytes, d);
    expect(Object.keys(back).sort()).toEqual(Object.keys(w).sort());
    for (const [k, v] of Object.entries(w)) {
      expect(back[k].shape).toEqual(v.shape);
      expect(Array.from(back[k].data)).toEqual(Array.from(v.data));
    }
    expect(() => importOnnxWeights(bytes, { ...d, hidden1: 9 })).toThrow(/weight 'W1' has shape 11x6, these dimensions need 11x9/);
  });
});
