import { describe, expect, it } from 'vitest';
import { SendQueue, type BridgeSocket, type Outgoing } from './SendQueue.ts';

class FakeSocket implements BridgeSocket {
  readyState = 1;
  bufferedAmount = 0;
  sent: Uint8Array[] = [];
  send(data: string | Uint8Array): void {
    this.sent.push(typeof data === 'string' ? Buffer.from(data) : data);
    this.bufferedAmount += typeof data === 'string' ? data.length : data.byteLength;
  }
  close(): void {}
  on(): this {
    return this;
  }
}

const item = (n: number, droppable = true): Outgoing => ({ frames: [Buffer.from(String(n))], binary: false, bytes: 1000, droppable });

describe('SendQueue', () => {
  it('writes straight through while the socket is below the high-water mark', () => {
    const ws = new FakeSocket();
    const q = new SendQueue(ws, { maxMessages: 3, maxBytes: 1e6, highWaterBytes: 10_000 });
    for (let i = 0; i < 5; i++) q.push(item(i));
    expect(ws.sent.map(String)).toEqual(['0', '1', '2', '3', '4']);
    expect(q.length).toBe(0);
    q.close();
  });

  it('for a slow client keeps at most maxMessages, dropping the oldest droppable, and drains when the socket empties', async () => {
    const ws = new FakeSocket();
    ws.bufferedAmount = 1e9; // a client that reads nothing
    const q = new SendQueue(ws, { maxMessages: 3, maxBytes: 1e6, highWaterBytes: 10_000, retryMs: 1 });
    q.push(item(-1, false)); // e.g. a service response: kept
    for (let i = 0; i < 100; i++) q.push(item(i));
    expect(q.length).toBe(3);
    expect(q.dropped).toBe(98);
    expect(q.bytes).toBe(3000);
    ws.bufferedAmount = 0;
    await new Promise((r) => setTimeout(r, 20));
    expect(ws.sent.map(String)).toEqual(['-1', '98', '99']);
    q.close();
  });

  it('bounds bytes as well as messages', () => {
    const ws = new FakeSocket();
    ws.bufferedAmount = 1e9;
    const q = new SendQueue(ws, { maxMessages: 1000, maxBytes: 5000, highWaterBytes: 10_000 });
    for (let i = 0; i < 50; i++) q.push(item(i));
    expect(q.bytes).toBeLessThanOrEqual(5000);
    expect(q.length).toBe(5);
    q.close();
  });
});
