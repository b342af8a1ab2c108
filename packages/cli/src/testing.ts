// For tests: the main scenario launch file started in this process, with its logs captured.
import path from 'node:path';
import { evaluateLaunch, init, setLogSink, startLaunch, type Context, type RunningLaunch } from '@navstack/rcl';
import { NAVSTACK_ROOT } from './paths.ts';
import { EXECUTABLES, withLoaded } from './registry.ts';

export interface LaunchedScenario {
  ctx: Context;
  running: RunningLaunch;
  logs: string[];
  stop(): Promise<void>;
}

export async function launchSimScenario(args: Record<string, string>): Promise<LaunchedScenario> {
  const logs: string[] = [];
  const restore = setLogSink((l) => logs.push(l));
  const launch = evaluateLaunch(path.join(NAVSTACK_ROOT, 'launch/sim.launch.xml'), { navstackRoot: NAVSTACK_ROOT, args });
  const ctx = await init();
  const running = await startLaunch(launch, ctx, await withLoaded(EXECUTABLES, launch.actions.flatMap((a) => (a.kind === 'node' ? [a.exec] : []))));
  return {
    ctx,
    running,
    logs,
    async stop() {
      await running.stop();
      await ctx.shutdown();
      setLogSink(restore);
    },
  };
}
