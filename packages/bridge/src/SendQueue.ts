/** The part of a WebSocket (ws's or any other) that the bridge uses. */
export interface BridgeSocket {
  readonly readyState: number;
  /** Bytes handed to send() but not yet written to the network. */
  readonly bufferedAmount: number;
  send(data: string | Uint8Array, options?: { binary?: boolean }): void;
  close(code?: number, reason?: string): void;
  /** Stops reading from the network (TCP back-pressure), and starts again. */
  pause?(): void;
  resume?(): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

const OPEN = 1;

export interface Outgoing {
  /** One frame, or several (a fragmented message), sent together or dropped together. */
  frames: readonly Uint8Array[];
  binary: boolean;
  bytes: number;
  /** Topic data may be dropped for a slow client; status and service replies are dropped last. */
  droppable: boolean;
}

export interface SendQueueOptions {
  /** Most messages waiting per client; the oldest droppable one goes first when full. */
  maxMessages: number;
  /** Most bytes waiting per client (besides what the socket holds). */
  maxBytes: number;
  /** Frames are handed to the socket only while its bufferedAmount is below this. */
  highWaterBytes: number;
  /** How often to look again at a socket that is still full (ms). */
  retryMs?: number;
}

/**
 * A bounded per-client queue in front of a WebSocket. A slow client (its socket's
 * bufferedAmount above the high-water mark) makes messages wait here; when full, the oldest
 * droppable message is dropped, so memory per client is bounded and the lag stays short.
 */
export class SendQueue {
  readonly #ws: BridgeSocket;
  readonly #o: Required<SendQueueOptions>;
  #items: Outgoing[] = [];
  #head = 0;
  #bytes = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  dropped = 0;
  sent = 0;

  constructor(ws: BridgeSocket, options: SendQueueOptions) {
    this.#ws = ws;
    this.#o = { retryMs: 5, ...options };
  }

  get length(): number {
    return this.#items.length - this.#head;
  }
  get bytes(): number {
    return this.#bytes;
  }

  push(item: Outgoing): void {
    if (this.#closed) return;
    if (this.length === 0 && this.#ws.bufferedAmount < this.#o.highWaterBytes) {
      this.#write(item);
      return;
    }
    this.#items.push(item);
    this.#bytes += item.bytes;
    while (this.length > 1 && (this.length > this.#o.maxMessages || this.#bytes > this.#o.maxBytes)) this.#dropOne();
    this.flush();
  }

  #dropOne(): void {
    // The oldest droppable item; if none is droppable, the oldest item.
    let k = this.#head;
    while (k < this.#items.length - 1 && !this.#items[k]!.droppable) k++;
    if (!this.#items[k]!.droppable) k = this.#head;
    const [gone] = this.#items.splice(k, 1);
    this.#bytes -= gone!.bytes;
    this.dropped++;
  }

  #write(item: Outgoing): void {
    if (this.#ws.readyState !== OPEN) return;
    for (const f of item.frames) this.#ws.send(f, { binary: item.binary });
    this.sent++;
  }

  flush(): void {
    if (this.#closed) return;
    while (this.length > 0 && this.#ws.bufferedAmount < this.#o.highWaterBytes) {
      const item = this.#items[this.#head]!;
      this.#items[this.#head++] = undefined as unknown as Outgoing;
      this.#bytes -= item.bytes;
      this.#write(item);
    }
    if (this.#head > 64 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    if (this.length > 0 && this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.flush();
      }, this.#o.retryMs);
    }
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#items = [];
    this.#head = 0;
    this.#bytes = 0;
  }
}
