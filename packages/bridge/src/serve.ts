import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Node } from '@navstack/rcl';
import { BridgeServer, type BridgeOptions } from './BridgeServer.ts';
import { isLoopbackAddress } from './protocol/auth.ts';
import type { BridgeSocket } from './SendQueue.ts';
import { createStaticSite, DEFAULT_VIEWER_DIR } from './StaticSite.ts';

export const SECRET_ENV = 'NAVSTACK_BRIDGE_SECRET';

export interface ServeOptions extends Partial<Omit<BridgeOptions, 'requireAuth' | 'authSecret'>> {
  /** Address to bind (default 127.0.0.1). Any non-loopback address requires the `auth` op. */
  address?: string;
  /** rosbridge WebSocket port (default 9090; 0 picks a free port). */
  port?: number;
  /** HTTP port of the viewer (default 8080; 0 picks a free port; -1 serves no viewer). */
  httpPort?: number;
  viewerDir?: string;
  /** A file holding the shared auth secret; else the NAVSTACK_BRIDGE_SECRET environment variable. */
  authSecretFile?: string;
  /** The secret itself (tests). */
  authSecret?: string;
}

export interface RunningBridge {
  readonly server: BridgeServer;
  readonly wsUrl: string;
  readonly httpUrl: string | undefined;
  readonly port: number;
  readonly httpPort: number | undefined;
  readonly requireAuth: boolean;
  close(): Promise<void>;
}

function readSecret(o: ServeOptions): string | undefined {
  if (o.authSecret) return o.authSecret;
  if (o.authSecretFile) {
    try {
      const s = fs.readFileSync(o.authSecretFile, 'utf8').trim();
      if (!s) throw new Error('the file is empty');
      return s;
    } catch (e) {
      throw new Error(`cannot read the bridge's auth secret from '${o.authSecretFile}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  const env = process.env[SECRET_ENV]?.trim();
  return env || undefined;
}

function listen(server: { listen: (port: number, host: string) => unknown; once: (e: string, f: (x: Error) => void) => unknown; address(): AddressInfo | string | null }, port: number, host: string, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: Error) => {
      const code = (e as NodeJS.ErrnoException).code;
      reject(new Error(`${what} cannot listen on ${host}:${port}: ${code === 'EADDRINUSE' ? 'the port is in use (another bridge or rosbridge_server running? set the port parameter)' : e.message}`));
    });
    server.once('listening', () => resolve((server.address() as AddressInfo).port));
    server.listen(port, host);
  });
}

function hostForUrl(address: string): string {
  if (address === '0.0.0.0' || address === '::') return '127.0.0.1';
  return address.includes(':') ? `[${address}]` : address;
}

/** Starts the rosbridge WebSocket server and the viewer's HTTP server for a node. */
export async function serveBridge(node: Node, o: ServeOptions = {}): Promise<RunningBridge> {
  const address = o.address ?? '127.0.0.1';
  const requireAuth = !isLoopbackAddress(address);
  const secret = readSecret(o);
  if (requireAuth && !secret) {
    throw new Error(
      `the bridge is bound to ${address}, which is not loopback, so clients must authenticate; give it a secret (parameter auth_secret_file, or the ${SECRET_ENV} environment variable), or bind to 127.0.0.1`,
    );
  }
  const { address: _a, port: _p, httpPort: _h, viewerDir: _v, authSecretFile: _f, authSecret: _s, ...bridgeOptions } = o;
  const server = new BridgeServer(node, { ...bridgeOptions, requireAuth, authSecret: secret });
  // The socket layer's own hard cap (it closes the connection); frames up to it but over
  // max_message_size get a status error and the connection stays up.
  const wss = new WebSocketServer({ host: address, port: o.port ?? 9090, maxPayload: server.options.maxMessageSize * 4 + 1024, perMessageDeflate: false });
  wss.on('connection', (ws, req) => {
    server.handleConnection(ws as unknown as BridgeSocket, { remoteAddress: req.socket.remoteAddress });
  });
  const port = await new Promise<number>((resolve, reject) => {
    wss.once('error', (e) => {
      const code = (e as NodeJS.ErrnoException).code;
      reject(new Error(`rosbridge server cannot listen on ${address}:${o.port ?? 9090}: ${code === 'EADDRINUSE' ? 'the port is in use (another bridge or rosbridge_server running? set the port parameter)' : e.message}`));
    });
    wss.once('listening', () => resolve((wss.address() as AddressInfo).port));
  });
  const wsUrl = `ws://${hostForUrl(address)}:${port}`;
  let http: http.Server | undefined;
  let httpPort: number | undefined;
  if ((o.httpPort ?? 8080) >= 0) {
    const viewerDir = o.viewerDir || DEFAULT_VIEWER_DIR;
    http = createStaticSite({ root: viewerDir, bridgeInfo: () => ({ port, auth: requireAuth }) });
    try {
      httpPort = await listen(http, o.httpPort ?? 8080, address, 'web viewer HTTP server');
    } catch (e) {
      wss.close();
      server.close();
      throw e;
    }
    if (!fs.existsSync(`${viewerDir}/index.html`)) node.getLogger().warn(`the web viewer is not built (${viewerDir}index.html missing): run npm run build -w @navstack/web-viz`);
  }
  const httpUrl = httpPort !== undefined ? `http://${hostForUrl(address)}:${httpPort}/` : undefined;
  const log = node.getLogger();
  log.info(`rosbridge server (rosbridge v2 protocol) listening on ${wsUrl}`);
  if (httpUrl) log.info(`web viewer: ${httpUrl}`);
  if (requireAuth) log.warn(`bound to ${address} (not loopback): clients must authenticate with the rosbridge 'auth' op (HMAC-SHA512 of the shared secret)`);
  else log.info('bound to loopback: no authentication required');
  return {
    server,
    wsUrl,
    httpUrl,
    port,
    httpPort,
    requireAuth,
    close: async () => {
      server.close();
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
      if (http) {
        http.closeAllConnections();
        await new Promise<void>((r) => http!.close(() => r()));
      }
    },
  };
}
