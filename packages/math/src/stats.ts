/**
 * The q-quantile of a sample, nearest-rank on the sorted values (q in [0, 1]; 0.5 the median, 0.99 p99).
 * NaN for an empty sample. Every benchmark and status report uses this one definition.
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return quantileSorted(sorted, q);
}

/** As quantile, for values already sorted ascending (no copy). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)))]!;
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}
