// Floods against the bridge (packages/bridge) while the simulator and the safety node run (issue 12): for each flood
// (from a separate process, as an attacker beside the robot) the largest gap between consecutive
// cmd_vel messages of the safety node, the process's RSS before, at peak and after the client left,
// and whether the process (and the bridge's worker) survived. The HTTP and op floods run with the
// bridge in its worker thread and inline, side by side: the measurement behind isolation 'worker'.
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { runFlood, serveBridge, type FloodSpec, type Isolation, type RunningBridge } from '@navstack/bridge';
import { quantileSorted } from '@navstack/math';
import { executables as navExecutables } from '@navstack/nav';
import { LocalContext, type Node, type RunningNode } from '@navstack/rcl';
import { executables as simExecutables } from '@navstack/sim';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Wall-clock gaps between consecutive cmd_vel messages. */
class GapMeter {
  #last = 0;
  gaps: number[] = [];
  constructor(node: Node) {
    node.createSubscription('geometry_msgs/msg/Twist', 'cmd_vel', {}, () => {
      const now = performance.now();
      if (this.#last) this.gaps.push(now - this.#last);
      this.#last = now;
    });
  }
  take(): number[] {
    const g = this.gaps;
    this.gaps = [];
    return g;
  }
}

interface System {
  ctx: LocalContext;
  bridge: RunningBridge;
  gaps: GapMeter;
  stop(): Promise<void>;
}

async function startSystem(isolation: Isolation): Promise<System> {
  const ctx = new LocalContext();
  const running: RunningNode[] = [];
  const sim = simExecutables.find((e) => e.exec === 'sim_node')!;
  const safety = navExecutables.find((e) => e.exec === 'safety')!;
  const simNode = ctx.createNode('sim', { parameterOverrides: { world: 'empty_room', mode: 'realtime', use_sim_time: true } });
  running.push(await sim.start(simNode));
  running.push(await safety.start(ctx.createNode('safety', { parameterOverrides: { use_sim_time: true } })));
  const bridge = await serveBridge(ctx.createNode('rosbridge_server'), { port: 0, httpPort: 0, isolation, runtimeFile: false, serviceAllowlist: ['*'], publishAllowlist: ['*'] });
  const gaps = new GapMeter(ctx.createNode('gap_meter'));
  return {
    ctx,
    bridge,
    gaps,
    stop: async () => {
      await bridge.close();
      for (const r of running.reverse()) await r.stop();
      await ctx.shutdown();
    },
  };
}

/** The flood client's nice value: 0 (it competes for this machine's cores, as a browser on the robot's own computer would) or 19 (its CPU as if on another machine). */
let clientNice = 0;



interface FloodRun {
  row: Record<string, unknown>;
  gaps: number[];
}

async function flood(sys: System, spec: Omit<FloodSpec, 'wsUrl' | 'token' | 'httpHost' | 'httpPort' | 'maxMessageSize'>): Promise<FloodRun> {
  const b = sys.bridge;
  gc();
  await sleep(500);
  const rssStart = process.memoryUsage().rss;
  let rssPeak = rssStart;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 100);
  sys.gaps.take();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const before = await b.stats();
  const t0 = performance.now();
  const client = await runFlood({ ...spec, wsUrl: b.wsUrl, token: b.token, httpHost: '127.0.0.1', httpPort: b.httpPort!, maxMessageSize: 1_000_000 }, { nice: clientNice });
  const seconds = (performance.now() - t0) / 1000;
  const gaps = sys.gaps.take().sort((a, c) => a - c);
  loop.disable();
  // The client has left: let the bridge settle, then measure what is left.
  await sleep(3000);
  gc();
  await sleep(1000);
  gc();
  clearInterval(sampler);
  const rssAfter = process.memoryUsage().rss;
  const st = await b.stats();
  process.stderr.write(`bridge floods: ${spec.kind} (${b.isolation}) done in ${seconds.toFixed(1)} s\n`);
  const row = {
    kind: spec.kind,
    isolation: b.isolation,
    seconds: round(seconds),
    client,
    cmd_vel_messages: gaps.length,
    cmd_vel_gap_max_ms: round(gaps.at(-1) ?? NaN),
    cmd_vel_gap_p99_ms: round(quantileSorted(gaps, 0.99)),
    cmd_vel_gaps_over_100ms: gaps.filter((g) => g > 100).length,
    node_thread_event_loop_delay_max_ms: round(loop.max / 1e6),
    node_thread_event_loop_delay_p99_ms: round(loop.percentile(99) / 1e6),
    rss_mb_start: round(rssStart / 1e6),
    rss_mb_peak: round(rssPeak / 1e6),
    rss_mb_after: round(rssAfter / 1e6),
    rss_after_over_start: round(rssAfter / rssStart, 3),
    bridge_worker_restarts: st.restarts,
    bridge_frames_handled: st.frames - before.frames,
    bridge_status_errors: st.errors - before.errors,
    bridge_connections_refused: st.connectionsRefused - before.connectionsRefused,
    bridge_clients_after: st.clients,
    process_alive: true,
  };
  return { row, gaps };
}

async function quiet(sys: System, seconds: number): Promise<FloodRun> {
  sys.gaps.take();
  await sleep(seconds * 1000);
  const gaps = sys.gaps.take().sort((a, c) => a - c);
  return { row: { kind: 'quiet', isolation: sys.bridge.isolation, seconds, cmd_vel_messages: gaps.length, cmd_vel_gap_max_ms: round(gaps.at(-1) ?? NaN), cmd_vel_gap_p99_ms: round(quantileSorted(gaps, 0.99)) }, gaps };
}

/** Gaps of several runs of one kind and isolation, put together. */
function summary(runs: FloodRun[]): Record<string, unknown> {
  const all = runs.flatMap((r) => r.gaps).sort((a, c) => a - c);
  const maxes = runs.map((r) => r.gaps.at(-1) ?? NaN).sort((a, c) => a - c);
  const ratios = runs.map((r) => r.row.rss_after_over_start as number | undefined).filter((x): x is number => x !== undefined);
  return {
    runs: runs.length,
    cmd_vel_messages: all.length,
    cmd_vel_gap_max_ms: round(all.at(-1) ?? NaN),
    cmd_vel_gap_p99_ms: round(quantileSorted(all, 0.99)),
    cmd_vel_gap_p999_ms: round(quantileSorted(all, 0.999)),
    cmd_vel_gaps_over_100ms: all.filter((g) => g > 100).length,
    median_of_run_max_ms: round(quantileSorted(maxes, 0.5)),
    rss_after_over_start_max: ratios.length ? Math.max(...ratios) : undefined,
  };
}

export async function floodsBench(options: { quick: boolean; clientNice?: number }): Promise<Record<string, unknown>> {
  const q = options.quick;
  clientNice = options.clientNice ?? 0;
  const n = q ? 5000 : 100_000;
  const out: Record<string, unknown> = { quick: q, flood_client_nice: clientNice, cpus: os.cpus().length, load_average_at_start: os.loadavg().map((x) => round(x, 2)) };
  // Side by side: rounds alternate the bridge in its worker thread and inline (in the node's thread),
  // each round on a fresh system, so both see the same machine load; each flood's total is split over the rounds.
  const rounds = q ? 1 : 5;
  const runs: FloodRun[] = [];
  const side: Record<string, FloodRun[]> = {};
  const keep = (r: FloodRun) => {
    runs.push(r);
    const k = `${r.row.kind}_${r.row.isolation}`;
    (side[k] ??= []).push(r);
  };
  for (let round = 0; round < rounds; round++) {
    const order: Isolation[] = round % 2 ? ['inline', 'worker'] : ['worker', 'inline'];
    for (const isolation of order) {
      const sys = await startSystem(isolation);
      try {
        await sleep(1500);
        keep(await quiet(sys, q ? 2 : 4));
        keep(await flood(sys, { kind: 'http', count: Math.ceil(n / rounds), seconds: 0 }));
        keep(await flood(sys, { kind: 'ops', count: Math.ceil(n / rounds), seconds: 0 }));
        if (isolation === 'worker' && round === 0) {
          keep(await flood(sys, { kind: 'subscribe_ids', count: q ? 2000 : 20_000, seconds: 0 }));
          keep(await flood(sys, { kind: 'call_service', count: q ? 2000 : 20_000, seconds: 0 }));
          keep(await flood(sys, { kind: 'big_frames', count: 0, seconds: q ? 3 : 15 }));
          keep(await flood(sys, { kind: 'connections', count: 200, seconds: q ? 2 : 5 }));
          keep(await flood(sys, { kind: 'fragment_1', count: 0, seconds: q ? 3 : 15 }));
          keep(await flood(sys, { kind: 'throttle_queue', count: 0, seconds: q ? 3 : 15 }));
        }
      } finally {
        await sys.stop();
      }
    }
  }
  out.side_by_side = Object.fromEntries(Object.entries(side).map(([k, r]) => [k, summary(r)]));
  out.floods = runs.map((r) => r.row);

  out.load_average_at_end = os.loadavg().map((x) => round(x, 2));
  return out;
}

export const bench = floodsBench;

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const nice = process.argv.find((a) => a.startsWith('--client-nice='));
  floodsBench({ quick: !process.argv.includes('--full'), clientNice: nice ? Number(nice.split('=')[1]) : 0 }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
