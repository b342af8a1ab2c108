// Runs one flood (floodClient.ts) against a bridge from a separate process, as an attacker would:
// used by the floods benchmark (packages/cli/src/floodsBench.ts), which brings the robot's nodes.
import { fork } from 'node:child_process';
import os from 'node:os';
import type { FloodSpec } from './floodClient.ts';

export type { FloodSpec } from './floodClient.ts';

/** The flood's counts as the client saw them; `nice` sets the client process's nice value. */
export function runFlood(spec: FloodSpec, options: { nice?: number } = {}): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./floodClient.mjs', import.meta.url), [JSON.stringify(spec)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    if (options.nice) os.setPriority(child.pid!, options.nice);
    child.on('message', (m: { result?: Record<string, unknown>; error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m.result ?? {})));
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`flood client exited with ${code}`));
    });
  });
}
