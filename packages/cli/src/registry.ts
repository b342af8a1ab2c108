// Everything the CLI can start or measure, from every package.
import { executables as bridgeExecutables } from '@navstack/bridge';
import { executables as navExecutables } from '@navstack/nav';
import { executables as policyExecutables } from '@navstack/policy';
import type { Executable } from '@navstack/rcl';
import { executables as simExecutables } from '@navstack/sim';

export const EXECUTABLES: readonly Executable[] = [...simExecutables, ...navExecutables, ...policyExecutables, ...bridgeExecutables];

type BenchModule = { bench(options: { quick: boolean }): Promise<Record<string, unknown>> };

export const BENCHMARKS: Record<string, () => Promise<BenchModule>> = {
  bus: () => import('@navstack/rcl/bench'),
  ros2: () => import('@navstack/rcl/ros2-bench'),
  sim: () => import('@navstack/sim/bench'),
  nav: () => import('@navstack/nav/bench'),
  policy: () => import('@navstack/policy/bench'),
  bridge: () => import('@navstack/bridge/bench'),
};
