// Reads XML and YAML launch files into entities, tag by tag as launch, launch_ros and their frontends
// parse them (launch_xml and launch_yaml share these rules through LaunchEntity).
import fs from 'node:fs';
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { parseXml, XmlError } from '@navstack/xml';
import { XmlEntity, YamlEntity, type LaunchEntity } from './frontend.ts';
import { isPlainText, type Part } from './substitutions/grammar.ts';
import { PyFloat, resolvePlain, yamlSafeLoad, YamlLoadError, type PyValue } from './substitutions/pyValue.ts';
import { shlexSplit, parseSubstitutions } from './substitutions.ts';
import { LaunchError, type ComposableNodeSpec, type Conditional, type Entity, type LaunchDescription, type NodeSpec, type ParamDataType, type ParamItem, type LaunchParamSpec, type ParamValueSpec, type Sub } from './types.ts';

/** Tags navstack reads, for error messages. */
export const LAUNCH_TAGS = ['arg', 'let', 'include', 'group', 'push-ros-namespace', 'push_ros_namespace', 'set_parameter', 'set_parameters_from_file', 'set_remap', 'set_env', 'unset_env', 'append_env', 'set_use_sim_time', 'log', 'node', 'node_container', 'load_composable_node', 'executable', 'timer', 'ros_timer', 'shutdown'];

/** Attributes of `<node>` and `<executable>` that concern how a process runs (output, respawn, ...): read, and not needed for what a node is. */
const PROCESS_ATTRS = ['output', 'respawn', 'respawn_max_retries', 'respawn_delay', 'sigkill_timeout', 'sigterm_timeout', 'emulate_tty', 'launch-prefix', 'on_exit', 'cwd', 'shell'];

export class PythonLaunchFileError extends LaunchError {}

/** Parsed files, by path, while they are unchanged (entities are never changed after parsing). */
const parsed = new Map<string, { mtimeMs: number; size: number; desc: LaunchDescription }>();

export function loadLaunchFile(file: string): LaunchDescription {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch {
    // reported below, with the reason
  }
  const hit = stat && parsed.get(file);
  if (stat && hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.desc;
  const desc = readLaunchFile(file);
  if (stat) parsed.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, desc });
  return desc;
}

function readLaunchFile(file: string): LaunchDescription {
  if (/\.py$/.test(file)) {
    throw new PythonLaunchFileError({ file, line: 1 }, 'this is a Python launch file: Python launch files need ROS 2 (`ros2 launch`); navstack launch reads XML and YAML launch files');
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new LaunchError({ file, line: 0 }, `cannot read launch file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (/\.ya?ml$/.test(file)) return { file, entities: parseYamlLaunch(text, file) };
  return { file, entities: parseXmlLaunch(text, file) };
}

export function parseXmlLaunch(text: string, file: string): Entity[] {
  let root;
  try {
    root = parseXml(text, file);
  } catch (e) {
    if (e instanceof XmlError) throw new LaunchError({ file, line: e.line }, e.detail);
    throw e;
  }
  if (root.name !== 'launch') throw new LaunchError({ file, line: root.line }, `the root element of a launch file is <launch>, found <${root.name}>`);
  const launch = new XmlEntity(root, file);
  launch.attr('version');
  const entities = launch.children().map(parseEntity);
  launch.assertRead(['version']);
  return entities;
}

export function parseYamlLaunch(text: string, file: string): Entity[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, schema: 'failsafe', uniqueKeys: false });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new LaunchError({ file, line: lc.linePos(e.pos[0]).line }, `invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const root = doc.contents as YamlNode | null;
  if (!isMap(root) || !root.has('launch')) throw new LaunchError({ file, line: 1 }, "a YAML launch file starts with 'launch:' and a list of entries");
  const items = root.get('launch', true) as YamlNode | null;
  if (items === null || items === undefined || (!isSeq(items) && String((items as { value?: unknown }).value ?? '') === '')) return [];
  if (!isSeq(items)) throw new LaunchError({ file, line: 1 }, "'launch:' must be a list");
  return items.items.map((n) => parseEntity(YamlEntity.fromEntry(n as YamlNode, file, lc)));
}

// ---------------- helpers

function sub(e: LaunchEntity, name: string): Sub | undefined {
  const v = e.attr(name);
  return v === undefined ? undefined : parseSubstitutions(v, e.where);
}

function required(e: LaunchEntity, name: string): string {
  const v = e.attr(name);
  if (v === undefined) throw new LaunchError(e.where, `<${e.type}> needs the attribute '${name}'`);
  return v;
}

function requiredSub(e: LaunchEntity, name: string): Sub {
  return parseSubstitutions(required(e, name), e.where);
}

/** A typed attribute without substitutions (launch reads scoped=, shell=, ... before any substitution). */
function boolAttr(e: LaunchEntity, name: string): boolean | undefined {
  const r = e.raw(name);
  if (r === undefined) return undefined;
  const v = 'value' in r ? r.value : 'text' in r ? resolvePlain(r.text === '1' ? 'true' : r.text === '0' ? 'false' : r.text) : undefined;
  if (typeof v !== 'boolean') throw new LaunchError(e.where, `<${e.type}>: '${name}' must be true or false`);
  return v;
}

/** A boolean attribute that may also be text with substitutions (can_be_str). */
function boolOrSub(e: LaunchEntity, name: string): Sub | undefined {
  const r = e.raw(name);
  if (r !== undefined && 'value' in r && typeof r.value === 'boolean') return [{ text: String(r.value) }];
  return sub(e, name);
}

function conditions(e: LaunchEntity): Conditional {
  const c: Conditional = {};
  const i = sub(e, 'if');
  const u = sub(e, 'unless');
  if (i && u) throw new LaunchError(e.where, `<${e.type}>: if and unless cannot be used together`);
  if (i) c.if = i;
  if (u) c.unless = u;
  return c;
}

function done<T>(e: LaunchEntity, allowed: string[], value: T): T {
  e.assertRead(allowed);
  return value;
}

function pairs(e: LaunchEntity, tag: string, a: string, b: string): { [k: string]: Sub }[] {
  return (e.nested(tag) ?? []).map((x) => done(x, [a, b], { [a]: requiredSub(x, a), [b]: requiredSub(x, b) }));
}

/**
 * launch's ExecuteProcess._parse_cmdline: text is split as a shell would (shlex) and substitutions stay
 * attached to the text around them; quirks kept (a leading space gives an empty argument).
 */
export function splitCmdline(t: Sub): Sub[] {
  const out: Sub[] = [];
  let arg: Part[] = [];
  const push = () => {
    out.push(arg);
    arg = [];
  };
  for (const p of t) {
    if (!('text' in p)) {
      arg.push(p);
      continue;
    }
    const tokens = shlexSplit(p.text);
    if (!tokens.length) {
      push();
      continue;
    }
    if (/^\s/.test(p.text) && arg.length) push();
    arg.push({ text: tokens[0]! });
    if (tokens.length > 1) {
      push();
      for (const tok of tokens.slice(1, -1)) out.push([{ text: tok }]);
      arg.push({ text: tokens[tokens.length - 1]! });
    }
    if (/\s$/.test(p.text)) push();
  }
  if (arg.length) out.push(arg);
  return out;
}

// ---------------- parameters (launch_ros Node.parse_nested_parameters)

const DATA_TYPES: ParamDataType[] = ['str', 'int', 'float', 'bool', 'list_of_str', 'list_of_int', 'list_of_float', 'list_of_bool', 'yaml'];

/** launch's coerce_to_type(value, type, can_be_str=True), applied to attribute text when the file is read. */
function coerceAtParse(text: string, type: ParamDataType): PyValue {
  const scalar = type.replace('list_of_', '');
  if (scalar === 'str') return text;
  if (scalar === 'int' && /^\s*[-+]?\d+\s*$/.test(text)) return Number(text);
  if (scalar === 'float' && /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(text)) return new PyFloat(Number(text.trim()));
  if (scalar === 'int' || scalar === 'float') return text;
  if (text === '') return text;
  try {
    return yamlSafeLoad(scalar === 'bool' ? (text === '1' ? 'true' : text === '0' ? 'false' : text) : text);
  } catch (e) {
    if (e instanceof YamlLoadError) return text;
    throw e;
  }
}

/** parse_if_substitutions: text with substitutions stays a template; plain text is unescaped text. */
function item(v: PyValue, e: LaunchEntity): ParamItem {
  if (typeof v !== 'string') return { value: v };
  const t = parseSubstitutions(v, e.where);
  return isPlainText(t) ? { value: t[0].text } : { sub: t };
}

function paramValue(e: LaunchEntity, type: ParamDataType | undefined): ParamValueSpec | undefined {
  const r = e.raw('value');
  if (r === undefined) return undefined;
  const t = type ?? 'yaml';
  let v: PyValue;
  if ('list' in r) v = r.list.map((x) => coerceAtParse(x, t));
  else if ('text' in r) v = coerceAtParse(r.text, t);
  else v = r.value;
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof PyFloat)) throw new LaunchError(e.where, `<param>: a value must be a scalar or a list, not a map`);
  if (v === null) throw new LaunchError(e.where, `<param>: the value reads as null (YAML); quote it to pass the text`);
  if (Array.isArray(v)) return { list: v.map((x) => item(x, e)) };
  return { scalar: item(v, e) };
}

function nestedParams(list: LaunchEntity[], prefix: Sub[]): { name: Sub[]; value: ParamValueSpec; type?: ParamDataType }[] {
  return list.flatMap((p) => {
    const name = [...prefix, requiredSub(p, 'name')];
    const typeText = p.attr('type');
    if (typeText !== undefined && !DATA_TYPES.includes(typeText as ParamDataType)) throw new LaunchError(p.where, `<param>: type='${typeText}' is not one of ${DATA_TYPES.join(', ')}`);
    const type = typeText as ParamDataType | undefined;
    const value = paramValue(p, type);
    const children = p.nested('param');
    p.assertRead(['name', 'value', 'type', 'param']);
    if (value !== undefined && children) throw new LaunchError(p.where, '<param>: nested parameters and value are mutually exclusive');
    if (type !== undefined && children) throw new LaunchError(p.where, '<param>: nested parameters and type are mutually exclusive');
    if (value !== undefined) return [{ name, value, ...(type ? { type } : {}) }];
    if (children) return nestedParams(children, name);
    throw new LaunchError(p.where, `<param name="${p.attr('name')}"> needs value= or nested <param> elements`);
  });
}

function params(e: LaunchEntity): LaunchParamSpec[] {
  return (e.nested('param') ?? []).map((p) => {
    const from = p.attr('from');
    const name = p.attr('name');
    if (from !== undefined && name !== undefined) throw new LaunchError(p.where, '<param>: name and from are mutually exclusive');
    if (from !== undefined) {
      const allow = p.raw('allow_substs');
      const allowSubsts = allow === undefined ? undefined : parseSubstitutions('value' in allow ? String(allow.value) : p.attr('allow_substs')!, p.where);
      return done(p, ['from', 'allow_substs'], { kind: 'file' as const, from: parseSubstitutions(from, p.where), ...(allowSubsts ? { allowSubsts } : {}), ...p.where });
    }
    if (name === undefined) throw new LaunchError(p.where, '<param> needs name= (with value= or nested <param>) or from=');
    if (p.raw('allow_substs') !== undefined) throw new LaunchError(p.where, "<param>: 'allow_substs' goes with 'from' (a params file), not with name");
    return { kind: 'dict' as const, entries: nestedParams([p], []), ...p.where };
  });
}

function remaps(e: LaunchEntity) {
  return pairs(e, 'remap', 'from', 'to').map((r) => ({ from: r.from!, to: r.to! }));
}

function nodeSpec(e: LaunchEntity): NodeSpec {
  if (e.attr('ns') !== undefined) throw new LaunchError(e.where, `<${e.type}> has no attribute 'ns' in ROS 2: write namespace="..."`);
  for (const a of PROCESS_ATTRS) e.raw(a);
  e.attr('exec_name');
  const env = pairs(e, 'env', 'name', 'value').map((x) => ({ name: x.name!, value: x.value! }));
  return {
    pkg: sub(e, 'pkg'),
    exec: requiredSub(e, 'exec'),
    name: sub(e, 'name'),
    namespace: sub(e, 'namespace'),
    args: sub(e, 'args'),
    rosArgs: sub(e, 'ros_args'),
    params: params(e),
    remaps: remaps(e),
    env,
  };
}

function composableNodes(e: LaunchEntity): ComposableNodeSpec[] {
  return (e.nested('composable_node') ?? []).map((c) =>
    done(c, ['pkg', 'plugin', 'name', 'namespace', 'param', 'remap', 'extra_arg', 'if', 'unless'], {
      pkg: requiredSub(c, 'pkg'),
      plugin: requiredSub(c, 'plugin'),
      name: requiredSub(c, 'name'),
      namespace: sub(c, 'namespace'),
      params: params(c),
      remaps: remaps(c),
      extraArgs: pairs(c, 'extra_arg', 'name', 'value').map((x) => ({ name: x.name!, value: x.value! })),
      ...conditions(c),
      ...c.where,
    }),
  );
}

const NODE_ATTRS = ['pkg', 'exec', 'name', 'namespace', 'args', 'ros_args', 'param', 'remap', 'env', 'exec_name', ...PROCESS_ATTRS];

// ---------------- entities

export function parseEntity(e: LaunchEntity): Entity {
  const w = { ...e.where, ...conditions(e) };
  switch (e.type) {
    case 'arg': {
      const name = required(e, 'name');
      if (e.attr('value') !== undefined) throw new LaunchError(e.where, `<arg value=...> belongs inside <include>; at the top level use default=`);
      const choices = e.nested('choice')?.map((c) => done(c, ['value'], required(c, 'value')));
      const def = sub(e, 'default');
      const description = e.attr('description');
      return done(e, ['name', 'default', 'description', 'choice', 'if', 'unless'], { kind: 'arg', name, ...(def ? { default: def } : {}), ...(description !== undefined ? { description } : {}), ...(choices ? { choices } : {}), ...w });
    }
    case 'let':
      return done(e, ['name', 'value'], { kind: 'let', name: requiredSub(e, 'name'), value: requiredSub(e, 'value'), ...w });
    case 'include': {
      const path = requiredSub(e, 'file');
      const args = pairs(e, 'arg', 'name', 'value').map((a) => ({ name: a.name!, value: a.value! }));
      return done(e, ['file', 'arg', 'if', 'unless'], { kind: 'include', path, args, ...w });
    }
    case 'group': {
      if (e.attr('ns') !== undefined || e.attr('namespace') !== undefined) throw new LaunchError(e.where, '<group> has no namespace attribute in ROS 2: put <push-ros-namespace namespace="..."/> first inside the group');
      const scoped = boolAttr(e, 'scoped') ?? true;
      const forwarding = boolAttr(e, 'forwarding') ?? true;
      const keep = pairs(e, 'keep', 'name', 'value').map((k) => ({ name: k.name!, value: k.value! }));
      const children = e.children().filter((c) => c.type !== 'keep').map(parseEntity);
      return done(e, ['scoped', 'forwarding', 'keep', 'if', 'unless'], { kind: 'group', scoped, forwarding, keep, children, ...w });
    }
    case 'push-ros-namespace':
    case 'push_ros_namespace':
      return done(e, ['namespace'], { kind: 'push-ros-namespace', namespace: requiredSub(e, 'namespace'), ...w });
    case 'set_parameter':
    case 'set-parameter':
      return done(e, ['name', 'value'], { kind: 'set-parameter', name: requiredSub(e, 'name'), value: requiredSub(e, 'value'), ...w });
    case 'set_parameters_from_file':
      return done(e, ['filename'], { kind: 'set-parameters-from-file', filename: requiredSub(e, 'filename'), ...w });
    case 'set_remap':
      return done(e, ['from', 'to'], { kind: 'set-remap', from: requiredSub(e, 'from'), to: requiredSub(e, 'to'), ...w });
    case 'set_env':
    case 'set-env':
      return done(e, ['name', 'value'], { kind: 'set-env', name: requiredSub(e, 'name'), value: requiredSub(e, 'value'), ...w });
    case 'unset_env':
      return done(e, ['name'], { kind: 'unset-env', name: requiredSub(e, 'name'), ...w });
    case 'append_env':
      return done(e, ['name', 'value', 'prepend', 'separator'], {
        kind: 'append-env',
        name: requiredSub(e, 'name'),
        value: requiredSub(e, 'value'),
        prepend: boolOrSub(e, 'prepend') ?? [{ text: 'false' }],
        separator: sub(e, 'separator') ?? [{ text: ':' }],
        ...w,
      });
    case 'set_use_sim_time':
      return done(e, ['value'], { kind: 'set-use-sim-time', value: requiredSub(e, 'value'), ...w });
    case 'log': {
      const level = e.attr('level') ?? 'INFO';
      return done(e, ['message', 'level'], { kind: 'log', message: requiredSub(e, 'message'), level, ...w });
    }
    case 'node':
      return done(e, NODE_ATTRS, { kind: 'node', ...nodeSpec(e), ...w });
    case 'node_container': {
      const spec = nodeSpec(e);
      if (spec.name === undefined) throw new LaunchError(e.where, '<node_container> needs name= (composable nodes are loaded into it by name)');
      if (spec.namespace === undefined) throw new LaunchError(e.where, '<node_container> needs namespace= (as launch_ros requires)');
      return done(e, [...NODE_ATTRS, 'composable_node'], { kind: 'node-container', ...spec, composableNodes: composableNodes(e), ...w });
    }
    case 'load_composable_node': {
      const target = requiredSub(e, 'target');
      const nodes = composableNodes(e);
      if (!nodes.length) throw new LaunchError(e.where, '<load_composable_node> needs at least one <composable_node>');
      return done(e, ['target', 'composable_node'], { kind: 'load-composable-node', target, composableNodes: nodes, ...w });
    }
    case 'executable': {
      const cmd = requiredSub(e, 'cmd');
      const shell = boolAttr(e, 'shell') ?? false;
      for (const a of PROCESS_ATTRS) if (a !== 'shell' && a !== 'cwd') e.raw(a);
      const env = pairs(e, 'env', 'name', 'value').map((x) => ({ name: x.name!, value: x.value! }));
      const cwd = sub(e, 'cwd');
      const name = sub(e, 'name');
      const args = sub(e, 'args');
      return done(e, ['cmd', 'cwd', 'name', 'args', 'shell', 'env', ...PROCESS_ATTRS], { kind: 'executable', cmd, ...(cwd ? { cwd } : {}), ...(name ? { name } : {}), ...(args ? { args } : {}), shell, env, ...w });
    }
    case 'timer':
    case 'ros_timer': {
      // period: a number, or text with substitutions
      const raw = e.raw('period');
      if (raw === undefined) throw new LaunchError(e.where, `<${e.type}> needs the attribute 'period'`);
      const period = 'value' in raw && typeof raw.value !== 'string' ? [{ text: String(raw.value instanceof PyFloat ? raw.value.value : raw.value) }] : requiredSub(e, 'period');
      const children = e.children().map(parseEntity);
      return done(e, ['period'], { kind: 'timer', period, children, ...w });
    }
    case 'shutdown': {
      const reason = sub(e, 'reason');
      return done(e, ['reason'], { kind: 'shutdown', ...(reason ? { reason } : {}), ...w });
    }
    default:
      throw new LaunchError(e.where, `unknown launch tag <${e.type}> (ROS 2 launch files have: ${LAUNCH_TAGS.join(', ')})`);
  }
}
