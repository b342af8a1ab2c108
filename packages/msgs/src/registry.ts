import { parse } from '@foxglove/rosmsg';
import type { MessageDefinition } from '@foxglove/message-definition';
import { MESSAGE_DEFINITIONS, SERVICE_DEFINITIONS } from './generated/definitions.ts';
import type { MessageTypeMap, ServiceTypeMap } from './generated/types.ts';

export type MessageTypeName = keyof MessageTypeMap;
export type ServiceTypeName = keyof ServiceTypeMap;
export type Message<T extends MessageTypeName> = MessageTypeMap[T];

const parsed = new Map<string, MessageDefinition[]>();

/** Accepts 'pkg/msg/Name' and the ROS 1 / rosbridge short form 'pkg/Name'. */
export function canonicalTypeName(type: string, kind: 'msg' | 'srv' = 'msg'): string {
  const parts = type.split('/');
  if (parts.length === 2) return `${parts[0]}/${kind}/${parts[1]}`;
  return type;
}

export function isMessageType(type: string): type is MessageTypeName {
  return Object.hasOwn(MESSAGE_DEFINITIONS, canonicalTypeName(type));
}

export function isServiceType(type: string): type is ServiceTypeName {
  return Object.hasOwn(SERVICE_DEFINITIONS, canonicalTypeName(type, 'srv'));
}

export class UnknownTypeError extends Error {
  constructor(type: string, kind: 'message' | 'service') {
    const known = kind === 'message' ? Object.keys(MESSAGE_DEFINITIONS) : Object.keys(SERVICE_DEFINITIONS);
    super(`unknown ${kind} type '${type}'; navstack knows: ${known.join(', ')}`);
    this.name = 'UnknownTypeError';
  }
}

/** The full ROS 2 schema text of a message type (as written into MCAP by ros2 bag). */
export function definitionText(type: string): string {
  const text = MESSAGE_DEFINITIONS[canonicalTypeName(type)];
  if (text === undefined) throw new UnknownTypeError(type, 'message');
  return text;
}

function parseCached(key: string, text: string): MessageDefinition[] {
  let defs = parsed.get(key);
  if (!defs) {
    defs = parse(text, { ros2: true });
    parsed.set(key, defs);
  }
  return defs;
}

/** Parsed definitions: the root type first, then every type it depends on. */
export function messageDefinitions(type: string): MessageDefinition[] {
  return parseCached(canonicalTypeName(type), definitionText(type));
}

export function serviceDefinitions(type: string, part: 'request' | 'response'): MessageDefinition[] {
  const name = canonicalTypeName(type, 'srv');
  const def = SERVICE_DEFINITIONS[name];
  if (!def) throw new UnknownTypeError(type, 'service');
  return parseCached(`${name}#${part}`, def[part]);
}

export function messageTypeNames(): MessageTypeName[] {
  return Object.keys(MESSAGE_DEFINITIONS) as MessageTypeName[];
}

export function serviceTypeNames(): ServiceTypeName[] {
  return Object.keys(SERVICE_DEFINITIONS) as ServiceTypeName[];
}
