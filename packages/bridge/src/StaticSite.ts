import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

export interface StaticSiteOptions {
  root: string;
  /** Served as /bridge.json so the viewer finds the rosbridge port. */
  bridgeInfo: () => Record<string, unknown>;
}

/** Serves the built viewer (GET/HEAD only, no directory listing, nothing outside the root). */
export function createStaticSite(o: StaticSiteOptions): http.Server {
  const root = path.resolve(o.root);
  return http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/bridge.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(o.bridgeInfo()));
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end('bad path');
      return;
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(root, `.${rel}`);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) {
        if (rel === '/index.html') {
          res
            .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
            .end(`The web viewer is not built (no ${file}).\nBuild it with: npm run build -w @navstack/web-viz\n`);
          return;
        }
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      const immutable = rel.startsWith('/assets/');
      res.writeHead(200, { 'content-type': type, 'content-length': st.size, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' });
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(file).pipe(res);
    });
  });
}
