import fs from 'node:fs';
import { parse as parseYaml, parseDocument, LineCounter } from 'yaml';

export type ParamValue = boolean | number | string | boolean[] | number[] | string[];
export type ParamType = 'bool' | 'integer' | 'double' | 'string' | 'bool_array' | 'integer_array' | 'double_array' | 'string_array';

export interface ParamDescriptor {
  description?: string;
  /** Defaults to the type of the default value (numbers are 'double' unless said otherwise). */
  type?: ParamType;
  readOnly?: boolean;
  /** Inclusive range for numbers. */
  range?: { min: number; max: number };
  /** The only values a string parameter (or each item of a string array) may take. */
  choices?: readonly string[];
}

export class ParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParameterError';
  }
}

export function inferParamType(v: ParamValue): ParamType {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'double';
  if (v.length === 0) return 'string_array';
  const first = v[0];
  if (typeof first === 'boolean') return 'bool_array';
  if (typeof first === 'string') return 'string_array';
  return 'double_array';
}

/** Checks and converts an override against a declared type; integer overrides of double parameters are accepted. */
export function coerceParam(name: string, type: ParamType, v: unknown, descriptor?: ParamDescriptor): ParamValue {
  const bad = (what: string) => new ParameterError(`parameter '${name}' is declared as ${type}; ${what}`);
  const num = (x: unknown, integer: boolean): number => {
    if (typeof x !== 'number' || Number.isNaN(x)) throw bad(`got ${JSON.stringify(x)}`);
    if (integer && !Number.isInteger(x)) throw bad(`got non-integer ${x}`);
    if (descriptor?.range && (x < descriptor.range.min || x > descriptor.range.max)) {
      throw new ParameterError(`parameter '${name}' = ${x} is outside its range [${descriptor.range.min}, ${descriptor.range.max}]`);
    }
    return x;
  };
  switch (type) {
    case 'bool':
      if (typeof v !== 'boolean') throw bad(`got ${JSON.stringify(v)}`);
      return v;
    case 'string':
      if (typeof v !== 'string') throw bad(`got ${JSON.stringify(v)}`);
      if (descriptor?.choices && !descriptor.choices.includes(v)) {
        throw new ParameterError(`parameter '${name}' = ${JSON.stringify(v)} is not one of ${descriptor.choices.map((c) => `'${c}'`).join(', ')}`);
      }
      return v;
    case 'integer':
      return num(v, true);
    case 'double':
      return num(v, false);
    default: {
      if (!Array.isArray(v)) throw bad(`got ${JSON.stringify(v)}`);
      if (v.length === 0) return [] as string[];
      if (type === 'bool_array') {
        if (!v.every((x) => typeof x === 'boolean')) throw bad(`got ${JSON.stringify(v)}`);
        return v as boolean[];
      }
      if (type === 'string_array') {
        if (!v.every((x) => typeof x === 'string')) throw bad(`got ${JSON.stringify(v)}`);
        const unknown = descriptor?.choices ? v.filter((x) => !descriptor.choices!.includes(x)) : [];
        if (unknown.length) {
          throw new ParameterError(`parameter '${name}' has ${unknown.map((x) => JSON.stringify(x)).join(', ')}, not among ${descriptor!.choices!.map((c) => `'${c}'`).join(', ')}`);
        }
        return v as string[];
      }
      return v.map((x) => num(x, type === 'integer_array'));
    }
  }
}

/** One `node_pattern: {ros__parameters: ...}` block of a ROS 2 params file. */
export interface ParamsBlock {
  nodePattern: string;
  params: Record<string, ParamValue>;
  source: string;
}

function flatten(prefix: string, v: unknown, out: Record<string, ParamValue>, where: string): void {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, x] of Object.entries(v)) flatten(prefix ? `${prefix}.${k}` : k, x, out, where);
    return;
  }
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') out[prefix] = v;
  else if (Array.isArray(v) && (v.every((x) => typeof x === 'number') || v.every((x) => typeof x === 'string') || v.every((x) => typeof x === 'boolean'))) {
    out[prefix] = v as ParamValue;
  } else throw new ParameterError(`${where}: parameter '${prefix}' has an unsupported value ${JSON.stringify(v)} (use a scalar or a list of one type)`);
}

/** Parses a ROS 2 params YAML file (`/**:`, `/ns/node:`, `node:` keys with `ros__parameters`). */
export function parseParamsYaml(text: string, file: string): ParamsBlock[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const pos = lc.linePos(e.pos[0]);
    throw new ParameterError(`${file}:${pos.line}: invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const data = doc.toJS() as unknown;
  if (data === null || data === undefined) return [];
  if (typeof data !== 'object' || Array.isArray(data)) throw new ParameterError(`${file}: a params file maps node names to {ros__parameters: ...}`);
  const blocks: ParamsBlock[] = [];
  const visit = (prefix: string, obj: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(obj)) {
      if (key === 'ros__parameters') {
        const params: Record<string, ParamValue> = {};
        flatten('', value ?? {}, params, file);
        blocks.push({ nodePattern: prefix || '/**', params, source: file });
      } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const k = key.startsWith('/') ? key : `/${key}`;
        visit(prefix === '' ? k : `${prefix}${k}`, value as Record<string, unknown>);
      } else {
        throw new ParameterError(`${file}: '${prefix}/${key}' is not under a 'ros__parameters' key`);
      }
    }
  };
  visit('', data as Record<string, unknown>);
  return blocks;
}

export function loadParamsFile(file: string): ParamsBlock[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ParameterError(`cannot read params file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseParamsYaml(text, file);
}

/** rcl's node-name matching: '*' is one name token, '**' any number of tokens. */
export function nodePatternMatches(pattern: string, fqNodeName: string): boolean {
  const re = pattern
    .split('/')
    .map((t) => (t === '**' ? '.*' : t === '*' ? '[^/]+' : t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${re.replace(/\/\.\*/g, '(?:/.*)?')}$`).test(fqNodeName);
}

/** Parameters for one node from a list of blocks, later blocks winning. */
export function paramsForNode(blocks: readonly ParamsBlock[], fqNodeName: string): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const b of blocks) if (nodePatternMatches(b.nodePattern, fqNodeName)) Object.assign(out, b.params);
  return out;
}

/** How launch and `--ros-args -p` read a parameter value written as text: YAML rules (1 is integer, 1.0 double, true bool, [..] list). */
export function parseParamText(text: string): ParamValue {
  let v: unknown;
  try {
    v = parseYaml(text);
  } catch {
    return text;
  }
  if (v === null || v === undefined) return text;
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) {
    const out: Record<string, ParamValue> = {};
    flatten('v', v, out, 'value');
    return out.v!;
  }
  return text;
}
