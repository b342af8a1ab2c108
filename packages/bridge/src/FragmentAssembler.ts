// Reassembles a client's rosbridge `fragment` ops into the JSON op they carry, within bounds: a few
// messages at a time per client, none larger than max_message_size, each finished within a timeout.
import type { FragmentOp } from './protocol/types.ts';

export interface FragmentLimits {
  /** Largest reassembled message (characters). */
  maxBytes: number;
  /** Messages being reassembled at once per client. */
  maxOpen: number;
  /** A message whose fragments do not all arrive within this is dropped (ms). */
  timeoutMs: number;
}

interface Open {
  parts: (string | undefined)[];
  received: number;
  bytes: number;
  started: number;
}

export type FragmentResult = { done: false } | { done: true; text: string } | { done: false; error: string };

export class FragmentAssembler {
  readonly #l: FragmentLimits;
  readonly #open = new Map<string, Open>();

  constructor(limits: FragmentLimits) {
    this.#l = limits;
  }

  get openCount(): number {
    return this.#open.size;
  }

  add(f: FragmentOp, now = performance.now()): FragmentResult {
    for (const [id, o] of this.#open) if (now - o.started > this.#l.timeoutMs) this.#open.delete(id);
    if (f.num >= f.total) return { done: false, error: `fragment '${f.id}': num ${f.num} is not below total ${f.total}` };
    let o = this.#open.get(f.id);
    if (!o) {
      if (f.total > this.#l.maxBytes) return { done: false, error: `fragment '${f.id}': total ${f.total} fragments cannot fit max_message_size` };
      if (this.#open.size >= this.#l.maxOpen) return { done: false, error: `fragment '${f.id}': ${this.#l.maxOpen} fragmented messages are already being reassembled for this client; finish one first` };
      o = { parts: new Array<string | undefined>(f.total), received: 0, bytes: 0, started: now };
      this.#open.set(f.id, o);
    }
    if (o.parts.length !== f.total) {
      this.#open.delete(f.id);
      return { done: false, error: `fragment '${f.id}': total changed from ${o.parts.length} to ${f.total}; the message was dropped` };
    }
    if (o.parts[f.num] !== undefined) return { done: false, error: `fragment '${f.id}': fragment ${f.num} arrived twice` };
    o.bytes += f.data.length;
    if (o.bytes > this.#l.maxBytes) {
      this.#open.delete(f.id);
      return { done: false, error: `fragment '${f.id}': the reassembled message exceeds max_message_size (${this.#l.maxBytes}); it was dropped` };
    }
    o.parts[f.num] = f.data;
    o.received++;
    if (o.received < f.total) return { done: false };
    this.#open.delete(f.id);
    return { done: true, text: o.parts.join('') };
  }

  clear(): void {
    this.#open.clear();
  }
}
