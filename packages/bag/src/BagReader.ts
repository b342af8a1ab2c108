/**
 * Reads MCAP bags: ones written by BagWriter and ones recorded on a real robot with `ros2 bag record -s mcap`
 * (ros2 profile, CDR). Topics are matched by suffix, so '/robot1/scan' reads as 'scan'.
 */
import { open, readFile } from 'node:fs/promises';
import { McapIndexedReader, McapStreamReader, type DecompressHandlers } from '@mcap/core';
import { FileHandleReadable } from '@mcap/nodejs';
import { canonicalTypeName, decodeCdr, isMessageType, type MessageTypeName } from '@navstack/msgs';

export interface BagMessage {
  topic: string;
  type: MessageTypeName;
  logTimeNs: bigint;
  message: unknown;
}

export interface BagContents {
  metadata: Map<string, Record<string, string>>;
  topics: { topic: string; type: string; count: number }[];
  /** Decoded messages of known types, in log-time order. */
  messages: BagMessage[];
  /** Messages skipped (unknown type or non-CDR encoding), per topic. */
  skipped: Record<string, number>;
}

export class BagReadError extends Error {
  constructor(msg: string) {
    super(msg);
    this.name = 'BagReadError';
  }
}

/** Reads a whole bag (indexed, or streamed if it has no chunk index). Only `topics` (suffix match) are decoded when given. */
export async function readBag(path: string, options: { topics?: string[]; decompressHandlers?: DecompressHandlers } = {}): Promise<BagContents> {
  const wanted = options.topics;
  const matches = (topic: string) => !wanted || wanted.some((t) => topic === t || topic.endsWith(t.startsWith('/') ? t : `/${t}`));
  const out: BagContents = { metadata: new Map(), topics: [], messages: [], skipped: {} };
  const counts = new Map<string, { type: string; count: number }>();
  const handle = await open(path, 'r');
  try {
    let reader: McapIndexedReader | undefined;
    try {
      reader = await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle), decompressHandlers: options.decompressHandlers });
    } catch {
      reader = undefined;
    }
    // a file without chunks (written unchunked, or by a streaming writer) keeps its messages outside any index
    if (reader && reader.chunkIndexes.length === 0) reader = undefined;
    const channels = new Map<number, { topic: string; type: string; encoding: string }>();
    const handleMessage = (channelId: number, logTime: bigint, data: Uint8Array) => {
      const ch = channels.get(channelId);
      if (!ch) return;
      const c = counts.get(ch.topic) ?? { type: ch.type, count: 0 };
      c.count++;
      counts.set(ch.topic, c);
      if (!matches(ch.topic)) return;
      const type = canonicalTypeName(ch.type);
      if (ch.encoding !== 'cdr' || !isMessageType(type)) {
        out.skipped[ch.topic] = (out.skipped[ch.topic] ?? 0) + 1;
        return;
      }
      out.messages.push({ topic: ch.topic, type, logTimeNs: logTime, message: decodeCdr(type, data) });
    };
    if (reader) {
      for (const [id, ch] of reader.channelsById) {
        const schema = reader.schemasById.get(ch.schemaId);
        channels.set(id, { topic: ch.topic, type: schema?.name ?? '', encoding: ch.messageEncoding });
      }
      for await (const m of reader.readMetadata()) out.metadata.set(m.name, Object.fromEntries(m.metadata));
      for await (const m of reader.readMessages()) handleMessage(m.channelId, m.logTime, m.data);
    } else {
      const stream = new McapStreamReader({ decompressHandlers: options.decompressHandlers });
      stream.append(await readFile(path));
      const schemas = new Map<number, string>();
      for (let rec; (rec = stream.nextRecord()); ) {
        if (rec.type === 'Schema') schemas.set(rec.id, rec.name);
        else if (rec.type === 'Channel') channels.set(rec.id, { topic: rec.topic, type: schemas.get(rec.schemaId) ?? '', encoding: rec.messageEncoding });
        else if (rec.type === 'Message') handleMessage(rec.channelId, rec.logTime, rec.data);
        else if (rec.type === 'Metadata') out.metadata.set(rec.name, Object.fromEntries(rec.metadata));
      }
      if (!stream.done() && channels.size === 0) throw new BagReadError(`${path}: not an MCAP file (no records could be read)`);
    }
  } catch (e) {
    if (e instanceof BagReadError) throw e;
    const msg = (e as Error).message;
    throw new BagReadError(`${path}: cannot read MCAP: ${msg}${/compress|zstd|lz4/i.test(msg) ? ' (compressed bag: pass decompressHandlers, or re-record with --storage-preset-profile none)' : ''}`);
  } finally {
    await handle.close();
  }
  out.messages.sort((a, b) => (a.logTimeNs < b.logTimeNs ? -1 : a.logTimeNs > b.logTimeNs ? 1 : 0));
  out.topics = [...counts].map(([topic, c]) => ({ topic, type: c.type, count: c.count }));
  return out;
}
