import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AccessPolicy } from './access/Access.ts';

/** Where `vite build` of web-viz writes the viewer. */
export const DEFAULT_VIEWER_DIR = fileURLToPath(new URL('../../../web-viz/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

/** Sent with every answer: no framing by other sites, no sniffing, no token in a Referer, no cross-site reads. */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

const MAX_URL_LENGTH = 4096;

export interface StaticSiteOptions {
  root: string;
  /** Served as /bridge.json so the viewer finds the rosbridge port. */
  bridgeInfo: () => Record<string, unknown>;
  /** Host and Origin checks (DNS rebinding, other sites). */
  access: AccessPolicy;
}

function answer(res: http.ServerResponse, status: number, text: string, extra: Record<string, string | number> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...extra }).end(text);
}

/** The file a request path names inside root, or an HTTP status and reason. */
export function resolveRequestPath(root: string, rawUrl: string | undefined): { file: string; rel: string } | { status: number; why: string } {
  const url = rawUrl ?? '/';
  if (url.length > MAX_URL_LENGTH) return { status: 414, why: 'URL too long' };
  if (!url.startsWith('/')) return { status: 400, why: 'bad request target' };
  let pathname: string;
  try {
    pathname = new URL(url, 'http://x').pathname;
  } catch {
    return { status: 400, why: 'bad URL' };
  }
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return { status: 400, why: 'bad percent-encoding in the path' };
  }
  // NUL and control characters make fs throw; backslashes are path separators nowhere we serve.
  if (/[\u0000-\u001f\u007f\\]/.test(rel)) return { status: 400, why: 'bad character in the path' };
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.resolve(root, `.${rel}`);
  if (file !== root && !file.startsWith(root + path.sep)) return { status: 403, why: 'forbidden' };
  return { file, rel };
}

/** Serves the built viewer (GET/HEAD only, no directory listing, nothing outside the root). */
export function createStaticSite(o: StaticSiteOptions): http.Server {
  const root = path.resolve(o.root);
  const server = http.createServer((req, res) => {
    try {
      serve(req, res);
    } catch (e) {
      answer(res, 500, `internal error: ${(e as Error).message}`);
    }
  });
  const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const refused = o.access.checkHost(req) ?? o.access.checkOrigin(req);
    if (refused) return answer(res, 403, `${refused}\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'only GET and HEAD\n', { allow: 'GET, HEAD' });
    const r = resolveRequestPath(root, req.url);
    if ('status' in r) return answer(res, r.status, `${r.why}\n`);
    if (r.rel === '/bridge.json') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(o.bridgeInfo()));
      return;
    }
    fs.stat(r.file, (err, st) => {
      try {
        if (err || !st.isFile()) {
          if (r.rel === '/index.html') return answer(res, 503, `The web viewer is not built (no ${r.file}).\nBuild it with: npm run build:viewer\n`);
          return answer(res, 404, 'not found\n');
        }
        const type = TYPES[path.extname(r.file)] ?? 'application/octet-stream';
        const immutable = r.rel.startsWith('/assets/');
        res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': st.size, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' });
        if (req.method === 'HEAD') {
          res.end();
          return;
        }
        const stream = fs.createReadStream(r.file);
        stream.on('error', () => res.destroy());
        stream.pipe(res);
      } catch (e) {
        answer(res, 500, `internal error: ${(e as Error).message}`);
      }
    });
  };
  // A WebSocket upgrade on the viewer's port: answered (the endpoint is on the rosbridge port), never dropped.
  server.on('upgrade', (_req: http.IncomingMessage, socket: import('node:stream').Duplex) => {
    socket.on('error', () => socket.destroy());
    const body = 'the rosbridge WebSocket endpoint is on the port in /bridge.json, not here\n';
    socket.end(`HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${body.length}\r\n\r\n${body}`);
  });
  hardenHttpServer(server);
  return server;
}

/** Limits for any of the bridge's HTTP servers: slow or malformed clients are answered and cut off. */
export function hardenHttpServer(server: http.Server, maxConnections = 256): void {
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  server.maxHeadersCount = 100;
  server.maxConnections = maxConnections;
  // A client that sends its request and half-closes (HTTP/1.0 style) still gets the answer; Node's
  // default drops the request when the answer is not ready at once (a file read).
  (server as http.Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  // CONNECT (a proxy request) is answered, not dropped: these servers are no proxy.
  server.on('connect', (_req: http.IncomingMessage, socket: import('node:stream').Duplex) => {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nallow: GET, HEAD\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (socket.writable && !socket.destroyed) {
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    }
    socket.destroy();
  });
}
