// A navstack system for the browser tests: the simulator (packages/sim), navigation and safety
// (packages/nav) when their executables exist, and the rosbridge server serving the built viewer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Executable, Node, RunningNode } from '@navstack/rcl';
import { LocalContext, type ParamValue } from '@navstack/rcl';
import { startRosbridgeNode } from '@navstack/bridge';
import { ensureViewerBuilt } from '../../web-viz/build.ts';

export const ARTIFACTS = path.resolve(import.meta.dirname, '../../artifacts/browser');

export function chromiumPath(): string | undefined {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (p && fs.existsSync(p)) return p;
  return undefined;
}

/** Chromium; `executablePath` replaces it (e.g. a wrapper that runs it in another network namespace), `args` are added. */
export async function launchBrowser(o: { executablePath?: string; args?: string[] } = {}): Promise<Browser> {
  const executablePath = o.executablePath ?? chromiumPath();
  if (!executablePath) throw new Error('no Chromium: run `npm run test:deps` (scripts/install-test-deps.sh) to install Debian\'s chromium');
  return chromium.launch({
    executablePath,
    args: [...(o.args ?? []), '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}

async function optionalExecutables(pkg: string): Promise<Executable[]> {
  try {
    const m = (await import(pkg)) as { executables?: Executable[] };
    return m.executables ?? [];
  } catch {
    return [];
  }
}

/** A stand-in for nav's safety node while packages/nav has no executables: mux (teleop over nav) with a latched e-stop. */
function simpleSafety(node: Node): RunningNode {
  const out = node.createPublisher('geometry_msgs/msg/Twist', 'cmd_vel');
  let estop = false;
  const zero = { linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } };
  node.createSubscription('std_msgs/msg/Bool', 'estop', { qos: 'latched' }, (m) => {
    estop = m.data;
    if (estop) out.publish(zero);
  });
  node.createSubscription('geometry_msgs/msg/Twist', 'cmd_vel_teleop', {}, (m) => out.publish(estop ? zero : m));
  node.createSubscription('geometry_msgs/msg/Twist', 'cmd_vel_nav', {}, (m) => out.publish(estop ? zero : m));
  return { stop: () => {} };
}

export interface System {
  ctx: LocalContext;
  probe: Node;
  /** The viewer's address without the token (what another site's page could know). */
  httpUrl: string;
  /** The viewer URL navstack prints: with the per-run token. */
  viewerUrl: string;
  wsUrl: string;
  token: string;
  has: { sim: boolean; navigator: boolean; safety: boolean; policy: boolean };
  stop(): Promise<void>;
}

/** Starts the simulator (if present), nav (if present) and the bridge on ephemeral ports. */
export async function startSystem(options: { world?: string; simParams?: Record<string, ParamValue>; bridgeParams?: Record<string, ParamValue> } = {}): Promise<System> {
  const viewerDir = await ensureViewerBuilt();
  const ctx = new LocalContext();
  const running: RunningNode[] = [];
  const start = async (exe: Executable, params: Record<string, ParamValue> = {}) => {
    running.push(await exe.start(ctx.createNode(exe.defaultNodeName, { parameterOverrides: params })));
  };
  const sims = await optionalExecutables('@navstack/sim');
  const navs = await optionalExecutables('@navstack/nav');
  // The policy runs once a trained model is in models/ (the policy issue ships it).
  const modelPath = path.resolve(import.meta.dirname, '../../models/policy.onnx');
  const policy = fs.existsSync(modelPath) ? (await optionalExecutables('@navstack/policy')).find((e) => e.exec === 'policy_node') : undefined;
  const sim = sims.find((e) => e.exec === 'sim_node');
  const navigator = navs.find((e) => /navigat|nav_node|bt_navigator/.test(e.exec));
  const safety = navs.find((e) => /safety|mux/.test(e.exec));
  if (sim) await start(sim, { world: options.world ?? 'empty_room', mode: 'realtime', real_time_factor: 1.0, camera_rate: 10.0, diagnostics_period: 0.5, ...options.simParams });
  if (safety) await start(safety);
  else running.push(simpleSafety(ctx.createNode('test_safety')));
  if (navigator) await start(navigator);
  if (policy) await start(policy);
  const bridgeNode = ctx.createNode('rosbridge_server', { parameterOverrides: { port: 0, http_port: 0, viewer_dir: viewerDir, ...options.bridgeParams } });
  const bridge = await startRosbridgeNode(bridgeNode);
  return {
    ctx,
    probe: ctx.createNode('browser_test_probe'),
    httpUrl: bridge.httpUrl!,
    viewerUrl: bridge.viewerUrl!,
    wsUrl: bridge.wsUrl,
    token: bridge.token,
    has: { sim: !!sim, navigator: !!navigator, safety: !!safety, policy: !!policy },
    stop: async () => {
      await bridge.close();
      for (const r of running.reverse()) await r.stop();
      await ctx.shutdown();
    },
  };
}

export function artifactPath(name: string): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

export function tmpProfile(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-chromium-'));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls a condition (sync or async) every 20 ms until it holds, or throws naming what it waited for. */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}
