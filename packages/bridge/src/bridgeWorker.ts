// The bridge's worker thread: the WebSocket and HTTP servers, the protocol and every client's
// queues live here; the graph is reached through the parent's GraphHost. Whatever a client sends,
// the thread that runs the safety node only sees bounded graph requests.
import { parentPort, workerData } from 'node:worker_threads';
import { startBridgeService, type ServiceOptions } from './BridgeService.ts';
import { WorkerGraph } from './graph/WorkerGraph.ts';
import type { HostToWorker, WorkerToHost } from './graph/rpc.ts';

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
