import { describe, expect, it } from 'vitest';
import { median, quantile, quantileSorted } from './stats.ts';

describe('quantile', () => {
  it('is nearest-rank on the sorted sample, whatever the input order', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(median(xs)).toBe(6);
    expect(quantile(xs, 0)).toBe(1);
    expect(quantile(xs, 0.99)).toBe(10);
    expect(quantile(xs, 1)).toBe(10);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(3);
  });
  it('is NaN for an empty sample and does not reorder its input', () => {
    expect(quantile([], 0.5)).toBeNaN();
    const xs = [3, 1, 2];
    quantile(xs, 0.5);
    expect(xs).toEqual([3, 1, 2]);
  });
});
