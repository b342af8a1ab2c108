/**
 * Two models on the same validation samples (the split train() makes for these data: by world, seed 0), through
 * onnxruntime: loss (cross-entropy + 0.5 x masked range MSE, as in training), accuracy, recall of a visible target,
 * accuracy when it is not in view. Run on the simulator's sensors and on varied ones (sensorVariation.ts).
 *   npx tsx packages/learn/scripts/compare-models.ts MODEL_A MODEL_B DATA_DIR...
 */
import { DEFAULT_PREPROCESS, OnnxPolicy } from '@navstack/policy';
import { loadSamples, splitByWorld } from '../src/data/dataset.ts';
import { encodeSamples, metricsFromOutputs } from '../src/train.ts';
import { simCamera } from '../src/world/simFactory.ts';

const [a, b, ...dirs] = process.argv.slice(2);
const c = { ...DEFAULT_PREPROCESS, hfov: simCamera().hfov };
for (const vary of [0, 1]) {
  const samples = [];
  for (const d of dirs) samples.push(...(await loadSamples(d, c, vary)));
  const { validation } = splitByWorld(samples, 0.2, 0);
  for (const file of [a, b]) {
    const policy = await OnnxPolicy.load(file);
    const e = encodeSamples(validation, { ...c, ...policy.card.preprocess }, policy.vocab);
    const probs = new Float32Array(e.n * (e.cols + 1)), range = new Float32Array(e.n * e.cols);
    let loss = 0;
    for (let from = 0; from < e.n; from += 512) {
      const n = Math.min(512, e.n - from);
      const out = await policy.inferBatch(n, e.columns.slice(from * e.cols * e.F, (from + n) * e.cols * e.F), e.text.slice(from * e.V, (from + n) * e.V));
      probs.set(out.probs, from * (e.cols + 1));
      range.set(out.range, from * e.cols);
      for (let i = 0; i < n; i++) {
        let ce = 0, se = 0, m = 0;
        for (let k = 0; k <= e.cols; k++) ce -= e.dist[(from + i) * (e.cols + 1) + k] * Math.log(Math.max(1e-12, out.probs[i * (e.cols + 1) + k]));
        for (let k = 0; k < e.cols; k++) {
          const mk = e.mask[(from + i) * e.cols + k];
          se += mk * ((out.range[i * e.cols + k] - e.range[(from + i) * e.cols + k]) / 10) ** 2;
          m += mk;
        }
        loss += ce + (0.5 * se) / (m + 1);
      }
    }
    const mt = metricsFromOutputs(e, { ...c, ...policy.card.preprocess }, probs, range, policy.card.decision.minConfidence);
    console.log(JSON.stringify({ model: `${policy.card.name} ${policy.card.version}`, file, sensors: vary ? 'varied (every frame)' : 'simulator', samples: e.n, loss: +(loss / e.n).toFixed(4), accuracy: +mt.accuracy.toFixed(4), visibleRecall: +mt.visibleRecall.toFixed(4), notVisibleAccuracy: +mt.notVisibleAccuracy.toFixed(4), rangeMAE: +mt.rangeMAE.toFixed(3) }));
    await policy.release();
  }
}
