// One way to declare a node's parameters: a schema gives each parameter's type, default, range,
// choices and description. A parameter is read-only once the node runs (ROS 2's read_only: set by
// launch, params files or -p) unless its spec says `dynamic`, i.e. the node acts on a change. From it come the declarations on the node (both backends: `ros2 param
// describe` shows the same descriptors), the check of params files, the generated config/*.yaml and
// the README's tables.
import type { Node } from './interfaces.ts';
import { coerceParam, ParameterError, type ParamDescriptor, type ParamsBlock, type ParamType } from './params.ts';

interface ValueTypes {
  bool: boolean;
  integer: number;
  double: number;
  string: string;
  bool_array: boolean[];
  integer_array: number[];
  double_array: number[];
  string_array: string[];
}

export interface ParamSpec<T extends ParamType = ParamType> extends ParamDescriptor {
  readonly type: T;
  readonly default: ValueTypes[T];
  readonly description: string;
}

type NumberOptions = { min?: number; max?: number; dynamic?: boolean };
type StringOptions = { choices?: readonly string[]; dynamic?: boolean };
const fixed = (o: { dynamic?: boolean }) => (o.dynamic ? {} : { readOnly: true });

function ranged<T extends 'integer' | 'double'>(type: T, def: number, description: string, o: NumberOptions = {}): ParamSpec<T> {
  if ((o.min === undefined) !== (o.max === undefined)) throw new ParameterError(`a range needs both min and max (${description})`);
  return {
    type,
    default: def,
    description,
    ...(o.min !== undefined && o.max !== undefined ? { range: { min: o.min, max: o.max } } : {}),
    ...fixed(o),
  } as ParamSpec<T>;
}

/** Parameter specs: `param.double(0.25, 'deadman (s)', { min: 0.05, max: 1 })`. */
export const param = {
  double: (def: number, description: string, o?: NumberOptions) => ranged('double', def, description, o),
  integer: (def: number, description: string, o?: NumberOptions) => ranged('integer', def, description, o),
  bool: (def: boolean, description: string, o: { dynamic?: boolean } = {}): ParamSpec<'bool'> => ({ type: 'bool', default: def, description, ...fixed(o) }),
  string: (def: string, description: string, o: StringOptions = {}): ParamSpec<'string'> => ({
    type: 'string',
    default: def,
    description,
    ...(o.choices ? { choices: o.choices } : {}),
    ...fixed(o),
  }),
  stringArray: (def: string[], description: string, o: StringOptions = {}): ParamSpec<'string_array'> => ({
    type: 'string_array',
    default: def,
    description,
    ...(o.choices ? { choices: o.choices } : {}),
    ...fixed(o),
  }),
  doubleArray: (def: number[], description: string, o: NumberOptions = {}): ParamSpec<'double_array'> => ({ ...ranged('double', 0, description, o), type: 'double_array', default: def }) as ParamSpec<'double_array'>,
};

export type ParamSpecs = Record<string, ParamSpec>;
export type ParamValues<S extends ParamSpecs> = { -readonly [K in keyof S]: ValueTypes[S[K]['type']] };

/** A node's parameters: the schema behind declaration, params-file checks, generated YAML and docs. */
export class ParamSchema<S extends ParamSpecs> {
  constructor(
    /** The executable's default node name (the key in generated params files). */
    readonly nodeName: string,
    readonly specs: S,
  ) {
    for (const [name, spec] of Object.entries(specs)) coerceParam(name, spec.type, spec.default, spec); // a default outside its own range is a bug
  }

  /**
   * Declares every parameter on the node (overrides from launch/params files are checked) and returns the values.
   * `narrow` tightens a spec at run time, e.g. a speed limit's range to the robot's own limit declared before it.
   */
  declare(node: Node, narrow: { [K in keyof S]?: Partial<ParamDescriptor> } = {}): ParamValues<S> {
    const out: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(this.specs)) out[name] = node.declareParameter(name, spec.default, { ...spec, ...narrow[name] });
    return out as ParamValues<S>;
  }

  /** Every parameter's default value. */
  defaults(): ParamValues<S> {
    return Object.fromEntries(Object.entries(this.specs).map(([k, s]) => [k, s.default])) as ParamValues<S>;
  }

  /** Problems with the parameters a params block gives this node: unknown names, wrong types, out of range. */
  check(params: Record<string, unknown>, where: string): string[] {
    const problems: string[] = [];
    for (const [name, value] of Object.entries(params)) {
      if (name === 'use_sim_time') continue;
      const spec = this.specs[name];
      if (!spec) {
        problems.push(`${where}: node '${this.nodeName}' has no parameter '${name}'${suggest(name, Object.keys(this.specs))}`);
        continue;
      }
      try {
        coerceParam(name, spec.type, value, spec);
      } catch (e) {
        problems.push(`${where}: ${(e as Error).message}`);
      }
    }
    return problems;
  }

  /** The `node: {ros__parameters: ...}` block of a params file with every default, one comment per parameter. */
  yaml(nodeName = this.nodeName): string {
    const lines = [`${nodeName}:`, '  ros__parameters:'];
    for (const [name, spec] of Object.entries(this.specs)) lines.push(`    ${name}: ${yamlValue(spec.type, spec.default)}  # ${spec.description}${constraintText(spec, true)}`);
    return lines.join('\n') + '\n';
  }

  /** A Markdown table: parameter, type, default, range or choices, meaning. */
  markdownTable(): string {
    const rows = ['| parameter | type | default | allowed | meaning |', '|---|---|---|---|---|'];
    for (const [name, spec] of Object.entries(this.specs)) {
      const allowed = constraintText(spec, false).replace(/^; /, '') || '';
      rows.push(`| \`${name}\` | ${spec.type} | \`${yamlValue(spec.type, spec.default)}\` | ${allowed} | ${spec.description.replaceAll('|', '\\|').replaceAll('<', '&lt;')}${spec.readOnly ? '' : ' (can be changed while running)'} |`);
    }
    return rows.join('\n') + '\n';
  }
}

/** Checks every block of a params file against the schemas of the nodes it names (by their last name token). */
export function checkParamsBlocks(blocks: readonly ParamsBlock[], schemas: readonly ParamSchema<ParamSpecs>[]): string[] {
  const problems: string[] = [];
  for (const b of blocks) {
    const last = b.nodePattern.split('/').pop()!;
    if (last === '*' || last === '**') {
      // A wildcard block is shared by nodes: each parameter must belong to one of them.
      for (const [name, value] of Object.entries(b.params)) {
        const owners = schemas.filter((s) => name in s.specs);
        if (owners.length === 0 && name !== 'use_sim_time') problems.push(`${b.source}: '${b.nodePattern}' sets '${name}', which no navstack node has`);
        for (const s of owners) problems.push(...s.check({ [name]: value }, b.source));
      }
      continue;
    }
    for (const s of schemas) if (s.nodeName === last) problems.push(...s.check(b.params, b.source));
  }
  return problems;
}

function yamlValue(type: ParamType, v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return type === 'double' && Number.isInteger(v) ? v.toFixed(1) : String(v);
  if (Array.isArray(v)) return `[${v.map((x) => yamlValue(type.replace('_array', '') as ParamType, x)).join(', ')}]`;
  return String(v);
}

function constraintText(spec: ParamSpec, comment: boolean): string {
  const parts: string[] = [];
  if (spec.range) parts.push(`${comment ? 'range ' : ''}[${spec.range.min}, ${spec.range.max}]`);
  if (spec.choices) parts.push(`${comment ? (spec.type === 'string_array' ? 'each one of ' : 'one of ') : ''}${spec.choices.map((c) => (comment ? c : `\`${c}\``)).join(comment ? ', ' : ' / ')}`);
  return parts.length ? `; ${parts.join('; ')}` : '';
}

function suggest(name: string, names: string[]): string {
  const close = names.filter((n) => n.includes(name) || name.includes(n) || editDistance(n, name) <= 2);
  return close.length ? ` (did you mean ${close.map((c) => `'${c}'`).join(' or ')}?)` : '';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
