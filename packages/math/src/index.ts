export { median, quantile, quantileSorted } from './stats.ts';
