/**
 * Writes ros2-profile MCAP files as rosbag2's MCAP storage plugin (Jazzy) does: CDR messages, ros2msg schemas
 * with the ROS 2 schema text, each channel's `offered_qos_profiles` and `topic_type_hash`, and a `rosbag2`
 * metadata record with the bag's serialized metadata, so `ros2 bag info/play` and Foxglove read the file.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { McapWriter } from '@mcap/core';
import { FileHandleWritable } from '@mcap/nodejs';
import { definitionText, encodeCdr, typeHash, type Message, type MessageTypeName } from '@navstack/msgs';
import type { QoS } from '@navstack/rcl';
import { bagMetadataYaml, qosProfilesYaml, type BagMetadata } from './rosbag2Metadata.ts';

interface Channel {
  id: number;
  type: MessageTypeName;
  offeredQos: QoS[];
  count: number;
}

export interface BagWriterOptions {
  /** ROS_DISTRO written into the bag's metadata (default: $ROS_DISTRO, else jazzy: the format followed). */
  rosDistro?: string;
}

/** rosbag2's default for a topic whose publishers are unknown (e.g. written offline): reliable, volatile. */
const DEFAULT_OFFERED: QoS = { history: 'keep_last', depth: 10, reliability: 'reliable', durability: 'volatile' };

export class BagWriter {
  readonly #writer: McapWriter;
  readonly #handle: FileHandle;
  readonly #channels = new Map<string, Channel>();
  readonly #schemas = new Map<string, number>();
  readonly #rosDistro: string;
  readonly #fileName: string;
  #count = 0;
  #first = -1n;
  #last = -1n;

  private constructor(path: string, handle: FileHandle, writer: McapWriter, options: BagWriterOptions) {
    this.#fileName = basename(path);
    this.#handle = handle;
    this.#writer = writer;
    this.#rosDistro = options.rosDistro ?? process.env.ROS_DISTRO ?? 'jazzy';
  }

  static async create(path: string, options: BagWriterOptions = {}): Promise<BagWriter> {
    const handle = await open(path, 'w');
    const writer = new McapWriter({ writable: new FileHandleWritable(handle), useStatistics: true, useChunks: true, useChunkIndex: true, useMessageIndex: true, useSummaryOffsets: true });
    await writer.start({ profile: 'ros2', library: 'navstack' });
    return new BagWriter(path, handle, writer, options);
  }

  get messageCount(): number {
    return this.#count;
  }

  /**
   * Declares a topic with the QoS its publishers offer (what `ros2 bag play` will offer again). A topic first
   * written without this gets rosbag2's default profile.
   */
  async addTopic(topic: string, type: MessageTypeName, offeredQos: readonly QoS[] = [DEFAULT_OFFERED]): Promise<void> {
    const existing = this.#channels.get(topic);
    if (existing) {
      if (existing.type !== type) throw new Error(`bag: topic '${topic}' was registered as ${existing.type}, now written as ${type}`);
      return;
    }
    let schemaId = this.#schemas.get(type);
    if (schemaId === undefined) {
      schemaId = await this.#writer.registerSchema({ name: type, encoding: 'ros2msg', data: new TextEncoder().encode(definitionText(type)) });
      this.#schemas.set(type, schemaId);
    }
    const profiles = offeredQos.length ? [...offeredQos] : [DEFAULT_OFFERED];
    const id = await this.#writer.registerChannel({
      topic,
      schemaId,
      messageEncoding: 'cdr',
      metadata: new Map([
        ['offered_qos_profiles', qosProfilesYaml(profiles)],
        ['topic_type_hash', typeHash(type)],
      ]),
    });
    this.#channels.set(topic, { id, type, offeredQos: profiles, count: 0 });
  }

  /** Writes one message; log time is when it was received, publish time when it was sent (default: the same). */
  async write<T extends MessageTypeName>(topic: string, type: T, message: Message<T>, logTimeNs: bigint, publishTimeNs = logTimeNs): Promise<void> {
    await this.addTopic(topic, type);
    const ch = this.#channels.get(topic)!;
    if (ch.type !== type) throw new Error(`bag: topic '${topic}' was registered as ${ch.type}, now written as ${type}`);
    // rosbag2 writes sequence 0 on every message.
    await this.#writer.addMessage({ channelId: ch.id, sequence: 0, logTime: logTimeNs, publishTime: publishTimeNs, data: encodeCdr(type, message) });
    ch.count++;
    this.#count++;
    if (this.#first < 0n || logTimeNs < this.#first) this.#first = logTimeNs;
    if (logTimeNs > this.#last) this.#last = logTimeNs;
  }

  async metadata(name: string, entries: Record<string, string>): Promise<void> {
    await this.#writer.addMetadata({ name, metadata: new Map(Object.entries(entries)) });
  }

  /** The bag's rosbag2 metadata (BagMetadata, version 9); the file is `relativePath` in its bag folder. */
  bagMetadata(relativePath = this.#fileName): BagMetadata {
    const start = this.#first < 0n ? 0n : this.#first;
    const duration = this.#last < 0n ? 0n : this.#last - start;
    return {
      version: 9,
      storage_identifier: 'mcap',
      duration: { nanoseconds: duration },
      starting_time: { nanoseconds_since_epoch: start },
      message_count: this.#count,
      topics_with_message_count: [...this.#channels].map(([name, ch]) => ({
        topic_metadata: { name, type: ch.type, serialization_format: 'cdr', offered_qos_profiles: ch.offeredQos, type_description_hash: typeHash(ch.type) },
        message_count: ch.count,
      })),
      compression_format: '',
      compression_mode: '',
      relative_file_paths: [relativePath],
      files: [{ path: relativePath, starting_time: { nanoseconds_since_epoch: start }, duration: { nanoseconds: duration }, message_count: this.#count }],
      custom_data: {},
      ros_distro: this.#rosDistro,
    };
  }

  /** Writes the `rosbag2` metadata record (as rosbag2 does on close) and finishes the file. */
  async close(relativePath = this.#fileName): Promise<BagMetadata> {
    const meta = this.bagMetadata(relativePath);
    await this.metadata('rosbag2', { serialized_metadata: bagMetadataYaml(meta) });
    await this.#writer.end();
    await this.#handle.close();
    return meta;
  }
}
