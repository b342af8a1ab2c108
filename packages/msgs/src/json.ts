// The JSON form of messages used by the rosbridge v2 protocol (and by roslib):
// uint8[]/char[] as base64 strings, other numeric arrays as plain arrays, time as {sec, nanosec}.
import type { MessageDefinition, MessageDefinitionField } from '@foxglove/message-definition';
import { messageDefinitions, serviceDefinitions, type Message, type MessageTypeName } from './registry.ts';

const TYPED: Record<string, new (n: number) => ArrayLike<number | bigint> & { [i: number]: number | bigint }> = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  uint8: Uint8Array,
  byte: Uint8Array,
  char: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
};
const BYTES = new Set(['uint8', 'byte', 'char']);
const INT_LIMITS: Record<string, [number, number]> = {
  int8: [-128, 127],
  uint8: [0, 255],
  byte: [0, 255],
  char: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

export class MessageFormatError extends Error {
  constructor(
    readonly type: string,
    readonly path: string,
    problem: string,
  ) {
    super(`${type}${path ? ` field '${path}'` : ''}: ${problem}`);
    this.name = 'MessageFormatError';
  }
}

type Defs = MessageDefinition[];
type Obj = Record<string, unknown>;

function lookup(defs: Defs, name: string | undefined): MessageDefinition {
  const d = name === undefined ? defs[0] : defs.find((x) => x.name === name);
  if (!d) throw new Error(`definition ${name} missing`);
  return d;
}

function fieldsOf(defs: Defs, name: string | undefined): MessageDefinitionField[] {
  return lookup(defs, name).definitions.filter((f) => !f.isConstant);
}

const isTime = (t: string) => t === 'time' || t === 'duration';

function defaultScalar(defs: Defs, f: MessageDefinitionField): unknown {
  if (f.defaultValue !== undefined && !f.isArray) return f.defaultValue;
  if (isTime(f.type)) return { sec: 0, nanosec: 0 };
  if (f.isComplex) return defaultOf(defs, f.type);
  if (f.type === 'bool') return false;
  if (f.type === 'string' || f.type === 'wstring') return '';
  if (f.type === 'int64' || f.type === 'uint64') return 0n;
  return 0;
}

function defaultField(defs: Defs, f: MessageDefinitionField): unknown {
  if (!f.isArray) return defaultScalar(defs, f);
  const n = f.arrayLength ?? 0;
  const Typed = TYPED[f.type];
  if (Typed && !f.isComplex) {
    const a = new Typed(n);
    if (Array.isArray(f.defaultValue)) (f.defaultValue as number[]).forEach((v, i) => (a[i] = v));
    return a;
  }
  return Array.from({ length: n }, () => defaultScalar(defs, f));
}

function defaultOf(defs: Defs, name: string | undefined): Obj {
  const out: Obj = {};
  for (const f of fieldsOf(defs, name)) out[f.name] = defaultField(defs, f);
  return out;
}

/** A message with every field at its ROS 2 default (zeros, empty strings, identity quaternion). */
export function defaultMessage<T extends MessageTypeName>(type: T): Message<T> {
  return defaultOf(messageDefinitions(type), undefined) as unknown as Message<T>;
}

// ---- to JSON

function scalarToJson(defs: Defs, f: MessageDefinitionField, v: unknown): unknown {
  if (f.isComplex && !isTime(f.type)) return objToJson(defs, f.type, v as Obj);
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' && !Number.isFinite(v)) return null; // JSON has no Inf/NaN; rosbridge sends null
  return v;
}

function objToJson(defs: Defs, name: string | undefined, msg: Obj): Obj {
  const out: Obj = {};
  for (const f of fieldsOf(defs, name)) {
    const v = msg[f.name];
    if (f.isArray) {
      if (BYTES.has(f.type) && v instanceof Uint8Array) out[f.name] = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
      else out[f.name] = Array.from(v as ArrayLike<unknown>, (x) => scalarToJson(defs, f, x));
    } else out[f.name] = scalarToJson(defs, f, v);
  }
  return out;
}

export function toRosbridgeJson<T extends MessageTypeName>(type: T, msg: Message<T>): Obj {
  return objToJson(messageDefinitions(type), undefined, msg as unknown as Obj);
}

// ---- from JSON (validating: this is where messages from browsers enter)

function scalarFromJson(type: string, defs: Defs, f: MessageDefinitionField, v: unknown, path: string): unknown {
  if (isTime(f.type)) return objFromJson(type, [{ definitions: TIME_FIELDS }], undefined, v, path);
  if (f.isComplex) return objFromJson(type, defs, f.type, v, path);
  switch (f.type) {
    case 'bool':
      if (typeof v !== 'boolean') throw new MessageFormatError(type, path, `expected a boolean, got ${describe(v)}`);
      return v;
    case 'string':
    case 'wstring':
      if (typeof v !== 'string') throw new MessageFormatError(type, path, `expected a string, got ${describe(v)}`);
      if (f.upperBound !== undefined && v.length > f.upperBound) throw new MessageFormatError(type, path, `longer than ${f.upperBound}`);
      return v;
    case 'float32':
    case 'float64':
      if (v === null) return NaN;
      if (typeof v !== 'number') throw new MessageFormatError(type, path, `expected a number, got ${describe(v)}`);
      return v;
    case 'int64':
    case 'uint64':
      if (typeof v !== 'number' && typeof v !== 'bigint') throw new MessageFormatError(type, path, `expected an integer, got ${describe(v)}`);
      return BigInt(v);
    default: {
      const lim = INT_LIMITS[f.type];
      if (!lim) throw new MessageFormatError(type, path, `unsupported field type ${f.type}`);
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new MessageFormatError(type, path, `expected an integer (${f.type}), got ${describe(v)}`);
      if (v < lim[0] || v > lim[1]) throw new MessageFormatError(type, path, `${v} is out of range for ${f.type}`);
      return v;
    }
  }
}

const TIME_FIELDS: MessageDefinitionField[] = [
  { name: 'sec', type: 'int32', isComplex: false, isArray: false },
  { name: 'nanosec', type: 'uint32', isComplex: false, isArray: false },
];

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

function arrayFromJson(type: string, defs: Defs, f: MessageDefinitionField, v: unknown, path: string): unknown {
  let items: unknown[];
  if (typeof v === 'string' && BYTES.has(f.type)) {
    const b = Buffer.from(v, 'base64');
    items = [];
    const out = new Uint8Array(b.byteLength);
    out.set(b);
    checkLength(type, f, out.length, path);
    return out;
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) items = Array.from(v as unknown as ArrayLike<unknown>);
  else if (Array.isArray(v)) items = v;
  else throw new MessageFormatError(type, path, `expected an array${BYTES.has(f.type) ? ' or a base64 string' : ''}, got ${describe(v)}`);
  checkLength(type, f, items.length, path);
  const converted = items.map((x, i) => scalarFromJson(type, defs, f, x, `${path}[${i}]`));
  const Typed = TYPED[f.type];
  if (Typed && !f.isComplex) {
    const a = new Typed(converted.length);
    converted.forEach((x, i) => (a[i] = x as number));
    return a;
  }
  return converted;
}

function checkLength(type: string, f: MessageDefinitionField, n: number, path: string): void {
  if (f.arrayLength !== undefined && n !== f.arrayLength) throw new MessageFormatError(type, path, `must have exactly ${f.arrayLength} elements, has ${n}`);
  if (f.arrayUpperBound !== undefined && n > f.arrayUpperBound) throw new MessageFormatError(type, path, `must have at most ${f.arrayUpperBound} elements, has ${n}`);
}

function objFromJson(type: string, defs: Defs, name: string | undefined, v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new MessageFormatError(type, path, `expected an object, got ${describe(v)}`);
  const input = v as Obj;
  const fields = fieldsOf(defs, name);
  for (const k of Object.keys(input)) {
    if (!fields.some((f) => f.name === k)) throw new MessageFormatError(type, path ? `${path}.${k}` : k, `no such field (fields: ${fields.map((f) => f.name).join(', ')})`);
  }
  const out: Obj = {};
  for (const f of fields) {
    const p = path ? `${path}.${f.name}` : f.name;
    const x = input[f.name];
    if (x === undefined) out[f.name] = isTime(f.type) ? { sec: 0, nanosec: 0 } : defaultField(defs, f);
    else out[f.name] = f.isArray ? arrayFromJson(type, defs, f, x, p) : scalarFromJson(type, defs, f, x, p);
  }
  return out;
}

/** Converts and validates rosbridge JSON into a message; missing fields take ROS 2 defaults, as rosbridge does. */
export function fromRosbridgeJson<T extends MessageTypeName>(type: T, json: unknown): Message<T> {
  return objFromJson(type, messageDefinitions(type), undefined, json, '') as unknown as Message<T>;
}

export function serviceFromJson(type: string, part: 'request' | 'response', json: unknown): Obj {
  return objFromJson(`${type} ${part}`, serviceDefinitions(type, part), undefined, json ?? {}, '');
}

export function serviceToJson(type: string, part: 'request' | 'response', value: Obj): Obj {
  return objToJson(serviceDefinitions(type, part), undefined, value);
}

export function defaultServiceMessage(type: string, part: 'request' | 'response'): Obj {
  return defaultOf(serviceDefinitions(type, part), undefined);
}
