// Helpers for tests and the benchmark: a raw rosbridge client over ws, and waiting.
import WebSocket from 'ws';
import { decodeCbor } from './protocol/parse.ts';

export interface RawClient {
  ws: WebSocket;
  received: Record<string, unknown>[];
  send(op: unknown): void;
  sendText(text: string): void;
  next(pred: (m: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** A bare rosbridge client: every frame (JSON or CBOR) decoded into `received`. */
export async function rawClient(url: string): Promise<RawClient> {
  const ws = new WebSocket(url);
  const received: Record<string, unknown>[] = [];
  const waiters: { pred: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  ws.on('message', (data, isBinary) => {
    const buf = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data;
    const m = (isBinary ? decodeCbor(buf) : JSON.parse(buf.toString('utf8'))) as Record<string, unknown>;
    received.push(m);
    for (let i = 0; i < waiters.length; i++) {
      if (waiters[i]!.pred(m)) {
        waiters[i]!.resolve(m);
        waiters.splice(i--, 1);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    received,
    send: (op) => ws.send(JSON.stringify(op)),
    sendText: (t) => ws.send(t),
    next: (pred, timeoutMs = 3000) => {
      const old = received.find(pred);
      if (old) {
        received.splice(received.indexOf(old), 1);
        return Promise.resolve(old);
      }
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(received.slice(-3)).slice(0, 500)}`)), timeoutMs);
        waiters.push({
          pred,
          resolve: (m) => {
            clearTimeout(t);
            received.splice(received.indexOf(m), 1);
            resolve(m);
          },
        });
      });
    },
    close: () =>
      new Promise<void>((r) => {
        if (ws.readyState === WebSocket.CLOSED) return r();
        ws.once('close', () => r());
        ws.close();
      }),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls until `cond` holds (or throws after the timeout). */
export async function waitFor(cond: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Polls an async condition until it holds (or throws after the timeout). */
export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
