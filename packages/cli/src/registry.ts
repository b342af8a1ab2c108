// Everything the CLI can start or measure, from every package.
import type { Executable } from '@navstack/rcl';

export const EXECUTABLES: readonly Executable[] = [];

type BenchModule = { bench(options: { quick: boolean }): Promise<Record<string, unknown>> };

export const BENCHMARKS: Record<string, () => Promise<BenchModule>> = {
  bus: () => import('@navstack/rcl/bench'),
};
