// Module resolution hooks for startupProbe.mjs: every resolved URL appended to the trace file.
import { appendFileSync } from 'node:fs';

let file;
export function initialize(data) {
  file = data.file;
}

export async function resolve(specifier, context, nextResolve) {
  const r = await nextResolve(specifier, context);
  appendFileSync(file, `${r.url}\n`);
  return r;
}
