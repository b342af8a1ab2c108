import { MessageReader, MessageWriter } from '@foxglove/rosmsg2-serialization';
import { canonicalTypeName, messageDefinitions, type Message, type MessageTypeName } from './registry.ts';

const writers = new Map<string, MessageWriter>();
const readers = new Map<string, MessageReader>();

/** Serializes a message to CDR (XCDR1, little endian, with the 4-byte encapsulation header) as ROS 2's rmw does. */
export function encodeCdr<T extends MessageTypeName>(type: T, message: Message<T>): Uint8Array {
  const key = canonicalTypeName(type);
  let w = writers.get(key);
  if (!w) {
    w = new MessageWriter(messageDefinitions(key));
    writers.set(key, w);
  }
  return w.writeMessage(message);
}

export function decodeCdr<T extends MessageTypeName>(type: T, data: ArrayBufferView): Message<T> {
  const key = canonicalTypeName(type);
  let r = readers.get(key);
  if (!r) {
    r = new MessageReader(messageDefinitions(key));
    readers.set(key, r);
  }
  return r.readMessage<Message<T>>(data);
}
