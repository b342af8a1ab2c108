/** From network outputs to a target estimate (pure; used by the node, evaluation and tests). */
import { columnBearing, type PreprocessConfig } from './preprocess.ts';

export interface TargetEstimate {
  inView: boolean;
  /** Probability mass of the chosen column and its neighbours. */
  confidence: number;
  /** Probability that the target is not in view. */
  pNotInView: number;
  column: number;
  bearing: number;
  range: number;
  /**
   * Probability-weighted bearing over all columns. Up close an object fills many columns and the
   * probability spreads over them (no window holds `minConfidence`), yet p(not in view) stays low:
   * the arrival and approach checks use this with pNotInView.
   */
  meanBearing: number;
}

export function estimateTarget(c: PreprocessConfig, probs: Float32Array, range: Float32Array, minConfidence: number): TargetEstimate {
  const cols = c.cols;
  let best = 0;
  for (let k = 1; k < cols; k++) if (probs[k] > probs[best]) best = k;
  let mass = 0, wb = 0;
  for (let k = Math.max(0, best - 2); k <= Math.min(cols - 1, best + 2); k++) {
    mass += probs[k];
    wb += probs[k] * columnBearing(c, k);
  }
  const pNot = probs[cols];
  const inView = mass > pNot && mass >= minConfidence;
  let all = 0, wAll = 0;
  for (let k = 0; k < cols; k++) {
    all += probs[k];
    wAll += probs[k] * columnBearing(c, k);
  }
  return { inView, confidence: inView ? mass : pNot, pNotInView: pNot, column: best, bearing: mass > 0 ? wb / mass : columnBearing(c, best), range: Math.max(0, range[best]), meanBearing: all > 0 ? wAll / all : 0 };
}
