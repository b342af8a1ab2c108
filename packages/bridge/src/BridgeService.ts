// The bridge's sockets: the rosbridge WebSocket server and the viewer's HTTP server, with the
// Host/Origin checks and the token on every request, around a BridgeServer on a BridgeGraph. It runs
// in the bridge's worker thread (or beside the node with isolation 'inline').
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { AccessPolicy } from './access/Access.ts';
import { BridgeServer, type BridgeOptions, type BridgeStats } from './BridgeServer.ts';
import type { BridgeGraph } from './graph/BridgeGraph.ts';
import type { BridgeSocket } from './SendQueue.ts';
import { createStaticSite, DEFAULT_VIEWER_DIR, hardenHttpServer } from './StaticSite.ts';

/** Plain data (it crosses to the worker thread). */
export interface ServiceOptions {
  address: string;
  /** rosbridge WebSocket port (0: any free port). */
  port: number;
  /** Viewer HTTP port (0: any free port; -1: no viewer). */
  httpPort: number;
  viewerDir?: string;
  /** The per-run token ('' for none: then only `auth` gives control). */
  token: string;
  allowedHosts: string[];
  allowedOrigins: string[];
  bridge: Partial<BridgeOptions>;
}

export interface RunningService {
  readonly server: BridgeServer;
  readonly port: number;
  readonly httpPort: number | undefined;
  stats(): BridgeStats & { connectionsRefused: number };
  close(): Promise<void>;
}

function listen(server: http.Server, port: number, host: string, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(new Error(`${what} cannot listen on ${host}:${port}: ${e.code === 'EADDRINUSE' ? 'the port is in use (another bridge or rosbridge_server running? set the port parameter)' : e.message}`));
    });
    server.once('listening', () => resolve((server.address() as AddressInfo).port));
    server.listen(port, host);
  });
}

function refuse(socket: Duplex, status: string, why: string): void {
  if (socket.writable && !socket.destroyed) {
    const body = `${why}\n`;
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  socket.destroy();
}

export async function startBridgeService(graph: BridgeGraph, o: ServiceOptions): Promise<RunningService> {
  const server = await new BridgeServer(graph, o.bridge).init();
  let httpPort: number | undefined;
  const policy = new AccessPolicy({ address: o.address, httpPort: undefined, allowedHosts: o.allowedHosts, allowedOrigins: o.allowedOrigins, token: o.token || undefined });
  let connectionsRefused = 0;
  let credentialed = 0;
  // Refusals are logged at most every 5 s (a flood must not flood the log), with a count of the rest.
  let lastRefusalLog = -Infinity;
  let unlogged = 0;
  const logRefusal = (from: string | undefined, why: string) => {
    const now = performance.now();
    if (now - lastRefusalLog < 5000) {
      unlogged++;
      return;
    }
    graph.log('warn', `rosbridge connection from ${from} refused: ${why}${unlogged ? ` (and ${unlogged} more refused in the last ${((now - lastRefusalLog) / 1000).toFixed(0)} s)` : ''}`);
    lastRefusalLog = now;
    unlogged = 0;
  };

  // The socket layer refuses a frame over max_message_size from its header, before buffering it (close code 1009).
  const wss = new WebSocketServer({ noServer: true, maxPayload: server.options.maxMessageSize, perMessageDeflate: false });
  const wsHttp = http.createServer((req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', upgrade: 'websocket', connection: 'Upgrade' }).end('this is the rosbridge WebSocket endpoint: connect with roslib (ws://...)\n');
  });
  hardenHttpServer(wsHttp);
  wsHttp.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      const why = policy.checkHost(req) ?? policy.checkOrigin(req);
      if (why) {
        connectionsRefused++;
        logRefusal(req.socket.remoteAddress, why);
        return refuse(socket, '403 Forbidden', why);
      }
      const credential = policy.hasToken(req) ? 'token' : undefined;
      const anonymous = server.clientCount - credentialed;
      if ((credential ? credentialed : anonymous) >= server.options.maxConnections) {
        connectionsRefused++;
        return refuse(socket, '503 Service Unavailable', `the bridge has ${server.options.maxConnections} connections already (max_connections)`);
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        if (credential) {
          credentialed++;
          ws.once('close', () => credentialed--);
        }
        server.handleConnection(ws as unknown as BridgeSocket, { remoteAddress: req.socket.remoteAddress, credential });
      });
    } catch (e) {
      graph.log('error', `rosbridge upgrade failed: ${(e as Error).message}`);
      socket.destroy();
    }
  });
  const port = await listen(wsHttp, o.port, o.address, 'rosbridge server');

  let site: http.Server | undefined;
  if (o.httpPort >= 0) {
    const viewerDir = o.viewerDir || DEFAULT_VIEWER_DIR;
    site = createStaticSite({
      root: viewerDir,
      bridgeInfo: () => ({ port, token: !!o.token, auth: !!server.options.authSecret, anonymous: server.options.anonymousAccess }),
      access: policy,
    });
    try {
      httpPort = await listen(site, o.httpPort, o.address, 'web viewer HTTP server');
    } catch (e) {
      wsHttp.close();
      server.close();
      throw e;
    }
    policy.httpPort = httpPort;
    if (!fs.existsSync(`${viewerDir}/index.html`)) graph.log('warn', `the web viewer is not built (${viewerDir}index.html missing): run npm run build:viewer`);
  }

  return {
    server,
    port,
    httpPort,
    stats: () => ({ ...server.stats(), connectionsRefused }),
    close: async () => {
      server.close();
      for (const c of wss.clients) c.terminate();
      wsHttp.closeAllConnections();
      await new Promise<void>((r) => wsHttp.close(() => r()));
      if (site) {
        site.closeAllConnections();
        await new Promise<void>((r) => site!.close(() => r()));
      }
    },
  };
}
