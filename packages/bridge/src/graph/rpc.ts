// The messages between a bridge worker (WorkerGraph) and the thread that owns the node (GraphHost).
import type { QoS } from '@navstack/rcl';
import type { LogLevel } from './BridgeGraph.ts';

/** Requests that answer once, with a value or an error. */
export type GraphRequest =
  | { op: 'resolve'; name: string }
  | { op: 'topicType'; topic: string }
  | { op: 'serviceType'; service: string }
  | { op: 'isLatched'; topic: string }
  | { op: 'topics' }
  | { op: 'services' }
  | { op: 'subscribe'; sid: number; topic: string; type: string; qos: Partial<QoS> }
  | { op: 'advertise'; pid: number; topic: string; type: string; latched: boolean }
  | { op: 'call'; service: string; type: string; request: unknown; timeoutSeconds: number }
  | { op: 'offer'; vid: number; service: string; type: string };

export type WorkerToHost =
  | { k: 'req'; id: number; req: GraphRequest }
  | { k: 'publish'; pid: number; tag: number; m: unknown }
  | { k: 'destroy'; what: 'sub' | 'pub' | 'svc'; handle: number }
  | { k: 'ack'; sids: number[]; counts: number[] }
  | { k: 'svcReply'; rid: number; ok: boolean; value?: unknown; error?: string }
  | { k: 'log'; level: LogLevel; msg: string }
  | { k: 'ready'; info: unknown }
  | { k: 'reply'; id: number; value: unknown };

export type HostToWorker =
  | { k: 'res'; id: number; ok: boolean; value?: unknown; error?: string }
  | { k: 'msg'; sid: number; m: unknown }
  | { k: 'published'; tag: number; why?: string }
  | { k: 'svcRequest'; vid: number; rid: number; request: unknown }
  | { k: 'ask'; id: number; what: 'stats' | 'close' };

/** Messages of one subscription in flight to the worker before the host keeps only the newest. */
export const MAX_IN_FLIGHT = 32;
