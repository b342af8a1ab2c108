// Builds the viewer with Vite's JS API when web-viz/dist is missing or older than its sources.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const VIEWER_ROOT = fileURLToPath(new URL('.', import.meta.url));
export const VIEWER_DIST = path.join(VIEWER_ROOT, 'dist');

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of fs.readdirSync(p)) m = Math.max(m, newestMtime(path.join(p, e)));
  return m;
}

/** True when dist/index.html is missing or older than index.html, vite.config.ts or anything under src/. */
export function viewerBuildIsStale(): boolean {
  const out = path.join(VIEWER_DIST, 'index.html');
  if (!fs.existsSync(out)) return true;
  const built = fs.statSync(out).mtimeMs;
  const sources = ['index.html', 'vite.config.ts', 'src', 'package.json'].map((f) => path.join(VIEWER_ROOT, f));
  return sources.some((s) => fs.existsSync(s) && newestMtime(s) > built);
}

/** Builds the viewer if needed; returns the dist folder. */
export async function ensureViewerBuilt(options: { force?: boolean } = {}): Promise<string> {
  if (options.force || viewerBuildIsStale()) {
    const { build } = await import('vite');
    await build({ configFile: path.join(VIEWER_ROOT, 'vite.config.ts'), root: VIEWER_ROOT, logLevel: 'warn' });
  }
  return VIEWER_DIST;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureViewerBuilt({ force: process.argv.includes('--force') }).then((d) => console.log(`viewer built in ${d}`));
}
