import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { ParameterError, type Node } from '@navstack/rcl';
import type { BridgeOptions, BridgeStats } from './BridgeServer.ts';
import { startBridgeService, type RunningService, type ServiceOptions } from './BridgeService.ts';
import { GraphHost } from './graph/GraphHost.ts';
import { NodeGraph } from './graph/NodeGraph.ts';
import type { WorkerToHost } from './graph/rpc.ts';
import { isLoopbackAddress } from './protocol/auth.ts';
import { removeRuntimeFile, writeRuntimeFile } from './runtimeFile.ts';

export const SECRET_ENV = 'NAVSTACK_BRIDGE_SECRET';

export type Isolation = 'worker' | 'inline';

export interface ServeOptions extends Partial<Omit<BridgeOptions, 'authSecret'>> {
  /** Address to bind (default 127.0.0.1; 0.0.0.0 serves the lab network). */
  address?: string;
  /** rosbridge WebSocket port (default 9090; 0 picks a free port). */
  port?: number;
  /** HTTP port of the viewer (default 8080; 0 picks a free port; -1 serves no viewer). */
  httpPort?: number;
  viewerDir?: string;
  /** A file holding the shared secret of the `auth` op; else the NAVSTACK_BRIDGE_SECRET environment variable. */
  authSecretFile?: string;
  /** The secret itself (tests). */
  authSecret?: string;
  /** The per-run token; a random one when not given. */
  token?: string;
  /** Host names clients may use besides IP literals, localhost and this machine's name ('*': any). */
  allowedHosts?: string[];
  /** Origins allowed besides the viewer's own ('*': any). */
  allowedOrigins?: string[];
  /** 'worker' (default): the bridge runs in a worker thread; 'inline': beside the node, in its thread. */
  isolation?: Isolation;
  /** Write the token to a runtime file (0600) so `navstack teleop` on this machine finds it (default true). */
  runtimeFile?: boolean;
}

export type RunningStats = BridgeStats & { connectionsRefused: number; heapUsed?: number; restarts: number; hostDropped: number };

export interface RunningBridge {
  /** The rosbridge URL, without the token. */
  readonly wsUrl: string;
  /** The rosbridge URL with `?token=`: what a standard roslib client connects to for control. */
  readonly wsUrlWithToken: string;
  /** The viewer's address, without the token. */
  readonly httpUrl: string | undefined;
  /** The viewer's URL to open (with `?token=`), as printed at start. */
  readonly viewerUrl: string | undefined;
  readonly token: string;
  readonly port: number;
  readonly httpPort: number | undefined;
  readonly isolation: Isolation;
  /** True when the bridge listens beyond loopback. */
  readonly remote: boolean;
  stats(): Promise<RunningStats>;
  close(): Promise<void>;
}

function readSecret(o: ServeOptions): string | undefined {
  if (o.authSecret) return o.authSecret;
  if (o.authSecretFile) {
    let s: string;
    try {
      s = fs.readFileSync(o.authSecretFile, 'utf8').trim();
    } catch (e) {
      throw new ParameterError(`rosbridge_server: cannot read the auth secret from auth_secret_file '${o.authSecretFile}' (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a readable file, or leave auth_secret_file empty to use the token URL only`);
    }
    if (!s) throw new ParameterError(`rosbridge_server: auth_secret_file '${o.authSecretFile}' is empty; write the shared secret into it`);
    return s;
  }
  const env = process.env[SECRET_ENV]?.trim();
  return env || undefined;
}

function isAnyAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/** The address to print for a bind address: a non-loopback IPv4 address of this machine for 0.0.0.0. */
export function printableHost(address: string): string {
  if (isAnyAddress(address)) {
    for (const list of Object.values(os.networkInterfaces())) for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
    return '127.0.0.1';
  }
  return address.includes(':') ? `[${address}]` : address;
}

const running = new WeakMap<Node, RunningBridge>();

/** The bridge a node serves, if it serves one (for `navstack launch` to print its URL). */
export function runningBridgeOf(node: Node): RunningBridge | undefined {
  return running.get(node);
}

/** Starts the rosbridge WebSocket server and the viewer's HTTP server for a node. */
export async function serveBridge(node: Node, o: ServeOptions = {}): Promise<RunningBridge> {
  const address = o.address ?? '127.0.0.1';
  const secret = readSecret(o);
  const token = o.token || randomBytes(24).toString('base64url');
  const isolation = o.isolation ?? 'worker';
  const { address: _a, port: _p, httpPort: _h, viewerDir: _v, authSecretFile: _f, authSecret: _s, token: _t, allowedHosts: _ah, allowedOrigins: _ao, isolation: _i, runtimeFile: _r, ...bridge } = o;
  const serviceOptions: ServiceOptions = {
    address,
    port: o.port ?? 9090,
    httpPort: o.httpPort ?? 8080,
    viewerDir: o.viewerDir,
    token,
    allowedHosts: o.allowedHosts ?? [],
    allowedOrigins: o.allowedOrigins ?? [],
    bridge: { ...bridge, authSecret: secret },
  };
  const log = node.getLogger();
  const runner = isolation === 'inline' ? await startInline(node, serviceOptions) : await WorkerRunner.start(node, serviceOptions);

  const host = printableHost(address);
  const wsUrl = `ws://${host}:${runner.port}`;
  const httpUrl = runner.httpPort !== undefined ? `http://${host}:${runner.httpPort}/` : undefined;
  const remote = !isLoopbackAddress(address);
  const bridgeRunning: RunningBridge = {
    wsUrl,
    wsUrlWithToken: `${wsUrl}/?token=${token}`,
    httpUrl,
    viewerUrl: httpUrl ? `${httpUrl}?token=${token}` : undefined,
    token,
    port: runner.port,
    httpPort: runner.httpPort,
    isolation,
    remote,
    stats: () => runner.stats(),
    close: async () => {
      running.delete(node);
      if (o.runtimeFile !== false) removeRuntimeFile(runner.port);
      await runner.close();
    },
  };
  running.set(node, bridgeRunning);
  if (o.runtimeFile !== false) writeRuntimeFile(runner.port, { pid: process.pid, ws_url: wsUrl, http_url: httpUrl ?? '', token });
  log.info(`rosbridge server (rosbridge v2 protocol, ${isolation === 'worker' ? 'in a worker thread' : 'inline'}) listening on ${wsUrl}`);
  if (bridgeRunning.viewerUrl) log.info(`web viewer: ${bridgeRunning.viewerUrl}`);
  if (remote)
    log.warn(
      `bound to ${address} (beyond loopback): anyone on the network who opens the viewer ${o.anonymousAccess === 'none' ? 'sees nothing without' : 'may watch (subscribe) and engage the e-stop without'} the token; driving, goals, services and releasing the e-stop need the token in the printed URL${secret ? " or the 'auth' op" : ''}`,
    );
  return bridgeRunning;
}

interface Runner {
  port: number;
  httpPort: number | undefined;
  stats(): Promise<RunningStats>;
  close(): Promise<void>;
}

async function startInline(node: Node, o: ServiceOptions): Promise<Runner> {
  const graph = new NodeGraph(node);
  let svc: RunningService;
  try {
    svc = await startBridgeService(graph, o);
  } catch (e) {
    graph.close();
    throw e;
  }
  return {
    port: svc.port,
    httpPort: svc.httpPort,
    stats: async () => ({ ...svc.stats(), restarts: 0, hostDropped: 0 }),
    close: async () => {
      await svc.close();
      graph.close();
    },
  };
}

/** The bridge in a worker thread, restarted (on the same ports) if it ever dies. */
class WorkerRunner implements Runner {
  port = 0;
  httpPort: number | undefined;
  restarts = 0;
  #node: Node;
  #o: ServiceOptions;
  #worker: Worker | undefined;
  #host: GraphHost | undefined;
  #closing = false;
  #asks = new Map<number, (v: unknown) => void>();
  #nextAsk = 1;
  #hostDropped = 0;

  private constructor(node: Node, o: ServiceOptions) {
    this.#node = node;
    this.#o = o;
  }

  static async start(node: Node, o: ServiceOptions): Promise<WorkerRunner> {
    const r = new WorkerRunner(node, o);
    const info = await r.#spawn();
    r.port = info.port;
    r.httpPort = info.httpPort;
    // A restarted worker binds the same ports.
    r.#o = { ...o, port: info.port, httpPort: info.httpPort ?? -1 };
    return r;
  }

  #spawn(): Promise<{ port: number; httpPort: number | undefined }> {
    const worker = new Worker(new URL('./bridgeWorker.mjs', import.meta.url), {
      workerData: { options: this.#o },
      resourceLimits: { maxOldGenerationSizeMb: 512 },
      name: 'rosbridge',
    });
    const host = new GraphHost(new NodeGraph(this.#node), { postMessage: (m) => worker.postMessage(m) });
    this.#worker = worker;
    this.#host = host;
    const log = this.#node.getLogger();
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.on('message', (m: WorkerToHost) => {
        if (m.k === 'ready') {
          const info = m.info as { port: number; httpPort?: number; error?: string };
          if (info.error) {
            reject(new ParameterError(`rosbridge_server: ${info.error}`));
            void worker.terminate();
            return;
          }
          ready = true;
          resolve({ port: info.port, httpPort: info.httpPort ?? undefined });
        } else if (m.k === 'reply') {
          this.#asks.get(m.id)?.(m.value);
          this.#asks.delete(m.id);
        } else host.handle(m);
      });
      worker.on('error', (e) => log.error(`the rosbridge worker failed: ${e.stack ?? e.message}`));
      worker.on('exit', (code) => {
        this.#hostDropped += host.dropped;
        host.close();
        for (const a of this.#asks.values()) a(undefined);
        this.#asks.clear();
        if (!ready) {
          reject(new Error(`the rosbridge worker exited (code ${code}) before it was ready`));
          return;
        }
        if (this.#closing || this.#worker !== worker) return;
        this.restarts++;
        log.error(`the rosbridge worker stopped (code ${code}); restarting it (restart ${this.restarts}); its clients must reconnect`);
        setTimeout(() => {
          if (!this.#closing) this.#spawn().catch((e: Error) => log.error(`the rosbridge worker could not restart: ${e.message}`));
        }, Math.min(5000, 200 * this.restarts));
      });
    });
  }

  #ask(what: 'stats' | 'close'): Promise<unknown> {
    const w = this.#worker;
    if (!w) return Promise.resolve(undefined);
    const id = this.#nextAsk++;
    return new Promise((resolve) => {
      this.#asks.set(id, resolve);
      w.postMessage({ k: 'ask', id, what });
    });
  }

  async stats(): Promise<RunningStats> {
    const s = (await this.#ask('stats')) as RunningStats | undefined;
    const empty = { clients: 0, relays: [], publishers: 0, queued: 0, queuedBytes: 0, dropped: 0, frames: 0, refused: 0, errors: 0, paused: 0, connectionsRefused: 0 };
    return { ...empty, ...s, restarts: this.restarts, hostDropped: this.#hostDropped + (this.#host?.dropped ?? 0) };
  }

  async close(): Promise<void> {
    this.#closing = true;
    const w = this.#worker;
    if (!w) return;
    await Promise.race([this.#ask('close'), new Promise((r) => setTimeout(r, 2000))]);
    await w.terminate();
  }
}
