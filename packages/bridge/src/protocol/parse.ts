// Pure functions: decode and check what a client sends, encode what the server sends.
import { Decoder, Encoder } from 'cbor-x';
import type { z } from 'zod';
import { CLIENT_OPS, ClientOp, type ServerFragment, type ServerOp } from './types.ts';

export type ParseResult = { ok: true; op: ClientOp } | { ok: false; error: string; id?: string; opName?: string };

const cborDecoder = new Decoder({ mapsAsObjects: true, useRecords: false });
// Uint8Array as a CBOR byte string, other typed arrays as RFC 8746 tags (as rosbridge's cbor compression).
const cborEncoder = new Encoder({ mapsAsObjects: true, useRecords: false, tagUint8Array: false });

function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => {
      const path = i.path.join('.');
      return path ? `field '${path}': ${i.message}` : i.message;
    })
    .join('; ');
}

/** Decodes one WebSocket frame (JSON text, or CBOR when binary) and checks it against the protocol. */
export function parseClientFrame(data: string | Uint8Array, isBinary: boolean): ParseResult {
  let value: unknown;
  if (isBinary && typeof data !== 'string') {
    try {
      value = cborDecoder.decode(data);
    } catch (e) {
      return { ok: false, error: `binary frame is not valid CBOR: ${(e as Error).message}` };
    }
  } else {
    const text = typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
    try {
      value = JSON.parse(text);
    } catch (e) {
      return { ok: false, error: `frame is not valid JSON: ${(e as Error).message}` };
    }
  }
  return parseClientOp(value);
}

/** Checks a decoded value against the union of client ops; the error names the op and the field. */
export function parseClientOp(value: unknown): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'a rosbridge message must be a JSON object with an "op" field' };
  const v = value as Record<string, unknown>;
  const id = typeof v.id === 'string' ? v.id : undefined;
  if (typeof v.op !== 'string') return { ok: false, id, error: 'missing "op" field (a string such as "subscribe")' };
  if (!CLIENT_OPS.includes(v.op as (typeof CLIENT_OPS)[number])) {
    return { ok: false, id, opName: v.op, error: `unknown op '${v.op}' (this server accepts: ${CLIENT_OPS.join(', ')})` };
  }
  const r = ClientOp.safeParse(value);
  if (!r.success) return { ok: false, id, opName: v.op, error: `invalid '${v.op}' op: ${formatIssues(r.error)}` };
  return { ok: true, op: r.data };
}

export function encodeJson(op: ServerOp): Buffer {
  return Buffer.from(JSON.stringify(op), 'utf8');
}

export function encodeCbor(op: unknown): Uint8Array {
  // The encoder reuses its buffer: copy out the bytes we keep.
  const out = cborEncoder.encode(op);
  return new Uint8Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength));
}

export function decodeCbor(data: Uint8Array): unknown {
  return cborDecoder.decode(data);
}

/** Splits an encoded JSON op into rosbridge `fragment` ops of at most `size` characters of data each. */
export function fragmentJson(json: string, size: number, id: string): Buffer[] {
  if (json.length <= size) return [Buffer.from(json, 'utf8')];
  const total = Math.ceil(json.length / size);
  const out: Buffer[] = [];
  for (let num = 0; num < total; num++) {
    const frag: ServerFragment = { op: 'fragment', id, data: json.slice(num * size, (num + 1) * size), num, total };
    out.push(encodeJson(frag));
  }
  return out;
}

const LEVEL_RANK: Record<string, number> = { info: 0, warning: 1, error: 2, none: 3 };
/** rosbridge's rule: a status message is sent when its level is at or above the client's level. */
export function statusPasses(level: 'info' | 'warning' | 'error', clientLevel: string): boolean {
  return LEVEL_RANK[level]! >= (LEVEL_RANK[clientLevel] ?? 2);
}
