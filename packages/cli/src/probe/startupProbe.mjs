// A measuring instrument for the CLI, loaded before it: node --import <this file> bin/navstack.js run ...
// When the CLI starts waiting for Ctrl-C (it does so right after its node has started), prints one line on stderr:
//   navstack-startup <ms since the process started> <RSS bytes>
// With NAVSTACK_TRACE_MODULES=FILE it also writes every module URL the process resolves to FILE, one a line.
// Plain JavaScript, so it runs before tsx is registered; it changes nothing in the CLI.
import { register } from 'node:module';

const trace = process.env.NAVSTACK_TRACE_MODULES;
if (trace) register(new URL('./traceHooks.mjs', import.meta.url), { data: { file: trace } });

let reported = false;
process.on('newListener', (event) => {
  if (event !== 'SIGINT' || reported) return;
  reported = true;
  process.stderr.write(`navstack-startup ${performance.now().toFixed(1)} ${process.memoryUsage().rss}\n`);
});
