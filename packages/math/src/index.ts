// The one home for numbers every package shares: planar geometry, 3-D transforms, a seeded RNG, quantiles.
export * from './geometry.ts';
export * from './transform3.ts';
export { Rng } from './rng.ts';
export { median, quantile, quantileSorted } from './stats.ts';
