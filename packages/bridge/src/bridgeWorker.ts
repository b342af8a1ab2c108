// The bridge's worker thread: the WebSocket and HTTP servers, the protocol and every client's
// queues live here; the graph is reached through the parent's GraphHost. Whatever a client sends,
// the thread that runs the safety node only sees bounded graph requests.
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { startBridgeService, type ServiceOptions } from './BridgeService.ts';
import { WorkerGraph } from './graph/WorkerGraph.ts';
import type { HostToWorker, WorkerToHost } from './graph/rpc.ts';

// On Linux the nice value is per thread: from here, 0 is this worker's thread only. The bridge yields
// the CPU to the thread that runs the simulator, navigation and the safety node.
try {
  os.setPriority(0, Math.min(19, os.getPriority(0) + 10));
} catch {
  /* not allowed here: the thread keeps its priority */
}

const port = parentPort!;
const post = (m: WorkerToHost) => port.postMessage(m);
const graph = new WorkerGraph({ postMessage: post });
port.on('message', (m: HostToWorker) => graph.handle(m));

try {
  const svc = await startBridgeService(graph, (workerData as { options: ServiceOptions }).options);
  graph.onAsk = async (what) => {
    if (what === 'stats') return { ...svc.stats(), heapUsed: process.memoryUsage().heapUsed };
    await svc.close();
    return true;
  };
  post({ k: 'ready', info: { port: svc.port, httpPort: svc.httpPort } });
} catch (e) {
  post({ k: 'ready', info: { error: (e as Error).message } });
}
