import type { Template } from './substitutions/grammar.ts';
import type { PyValue } from './substitutions/pyValue.ts';

/** Where an entity was written, so that every launch error can name file and line. */
export interface Where {
  file: string;
  line: number;
}

/** Text that may hold substitutions such as $(var x), parsed when the file is read. */
export type Sub = Template;

export interface Conditional {
  if?: Sub;
  unless?: Sub;
}

/** A parameter value as written: a typed value, or text with substitutions typed by YAML rules when evaluated. */
export type ParamItem = { value: PyValue } | { sub: Sub };
export type ParamValueSpec = { scalar: ParamItem } | { list: ParamItem[] };
/** `type=` of a `<param>`: str, int, float, bool, list_of_str, ..., yaml (the default). */
export type ParamDataType = 'str' | 'int' | 'float' | 'bool' | 'list_of_str' | 'list_of_int' | 'list_of_float' | 'list_of_bool' | 'yaml';

/** One `<param>` of a node: a params file, or a name (nested params are joined by '.') and value(s). */
export type LaunchParamSpec =
  | ({ kind: 'file'; from: Sub; allowSubsts?: Sub } & Where)
  | ({ kind: 'dict'; entries: { name: Sub[]; value: ParamValueSpec; type?: ParamDataType }[] } & Where);

export interface RemapSpec {
  from: Sub;
  to: Sub;
}

export interface ComposableNodeSpec extends Where, Conditional {
  pkg: Sub;
  plugin: Sub;
  name: Sub;
  namespace?: Sub;
  params: LaunchParamSpec[];
  remaps: RemapSpec[];
  extraArgs: { name: Sub; value: Sub }[];
}

export interface NodeSpec {
  pkg?: Sub;
  exec: Sub;
  name?: Sub;
  namespace?: Sub;
  args?: Sub;
  rosArgs?: Sub;
  params: LaunchParamSpec[];
  remaps: RemapSpec[];
  env: { name: Sub; value: Sub }[];
}

type E<K extends string, T> = { kind: K } & T & Where & Conditional;

export type Entity =
  | E<'arg', { name: string; default?: Sub; description?: string; choices?: string[] }>
  | E<'let', { name: Sub; value: Sub }>
  | E<'include', { path: Sub; args: { name: Sub; value: Sub }[] }>
  | E<'group', { scoped: boolean; forwarding: boolean; keep: { name: Sub; value: Sub }[]; children: Entity[] }>
  | E<'push-ros-namespace', { namespace: Sub }>
  | E<'set-parameter', { name: Sub; value: Sub }>
  | E<'set-parameters-from-file', { filename: Sub }>
  | E<'set-remap', { from: Sub; to: Sub }>
  | E<'set-env', { name: Sub; value: Sub }>
  | E<'unset-env', { name: Sub }>
  | E<'append-env', { name: Sub; value: Sub; prepend: Sub; separator: Sub }>
  | E<'set-use-sim-time', { value: Sub }>
  | E<'log', { message: Sub; level: string }>
  | E<'node', NodeSpec>
  | E<'node-container', NodeSpec & { composableNodes: ComposableNodeSpec[] }>
  | E<'load-composable-node', { target: Sub; composableNodes: ComposableNodeSpec[] }>
  | E<'executable', { cmd: Sub; cwd?: Sub; name?: Sub; args?: Sub; shell: boolean; env: { name: Sub; value: Sub }[] }>
  | E<'timer', { period: Sub; children: Entity[] }>
  | E<'shutdown', { reason?: Sub }>;

export interface LaunchDescription {
  file: string;
  entities: Entity[];
}

export class LaunchError extends Error {
  constructor(
    readonly where: Where,
    detail: string,
  ) {
    super(`${where.file}:${where.line}: ${detail}`);
    this.name = 'LaunchError';
  }
}
