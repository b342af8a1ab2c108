/** Writes ros2-profile MCAP files: CDR messages, ros2msg schemas with ROS 2 schema text (what `ros2 bag` writes). */
import { open, type FileHandle } from 'node:fs/promises';
import { McapWriter } from '@mcap/core';
import { FileHandleWritable } from '@mcap/nodejs';
import { definitionText, encodeCdr, type Message, type MessageTypeName } from '@navstack/msgs';

export class BagWriter {
  readonly #writer: McapWriter;
  readonly #handle: FileHandle;
  readonly #channels = new Map<string, { id: number; type: MessageTypeName; seq: number }>();
  readonly #schemas = new Map<string, number>();
  #count = 0;

  private constructor(handle: FileHandle, writer: McapWriter) {
    this.#handle = handle;
    this.#writer = writer;
  }

  static async create(path: string): Promise<BagWriter> {
    const handle = await open(path, 'w');
    const writer = new McapWriter({ writable: new FileHandleWritable(handle), useStatistics: true, useChunks: true, useChunkIndex: true, useMessageIndex: true, useSummaryOffsets: true });
    await writer.start({ profile: 'ros2', library: 'navstack' });
    return new BagWriter(handle, writer);
  }

  get messageCount(): number {
    return this.#count;
  }

  async #channel(topic: string, type: MessageTypeName): Promise<{ id: number; type: MessageTypeName; seq: number }> {
    let ch = this.#channels.get(topic);
    if (ch) {
      if (ch.type !== type) throw new Error(`bag: topic '${topic}' was registered as ${ch.type}, now written as ${type}`);
      return ch;
    }
    let schemaId = this.#schemas.get(type);
    if (schemaId === undefined) {
      schemaId = await this.#writer.registerSchema({ name: type, encoding: 'ros2msg', data: new TextEncoder().encode(definitionText(type)) });
      this.#schemas.set(type, schemaId);
    }
    const id = await this.#writer.registerChannel({ topic, schemaId, messageEncoding: 'cdr', metadata: new Map() });
    ch = { id, type, seq: 0 };
    this.#channels.set(topic, ch);
    return ch;
  }

  async write<T extends MessageTypeName>(topic: string, type: T, message: Message<T>, logTimeNs: bigint): Promise<void> {
    const ch = await this.#channel(topic, type);
    await this.#writer.addMessage({ channelId: ch.id, sequence: ch.seq++, logTime: logTimeNs, publishTime: logTimeNs, data: encodeCdr(type, message) });
    this.#count++;
  }

  async metadata(name: string, entries: Record<string, string>): Promise<void> {
    await this.#writer.addMetadata({ name, metadata: new Map(Object.entries(entries)) });
  }

  async close(): Promise<void> {
    await this.#writer.end();
    await this.#handle.close();
  }
}
