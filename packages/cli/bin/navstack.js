#!/usr/bin/env node
// navstack is written in TypeScript and runs through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
// `navstack ... | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
