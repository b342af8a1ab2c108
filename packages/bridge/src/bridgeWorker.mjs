// Entry of the bridge's worker thread: navstack runs TypeScript through tsx, so register it here
// (a worker does not inherit the parent's loader) and load the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./bridgeWorker.ts');
