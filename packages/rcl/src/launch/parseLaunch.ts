import fs from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import { parseXml, XmlError, type XmlElement } from '@navstack/xml';
import { LaunchError, type Conditional, type Entity, type LaunchDescription, type ParamEntry, type Where } from './types.ts';

/** Attributes that `ros2 launch` accepts and that change nothing when nodes run in one process. */
const IGNORED_ATTRS = new Set(['output', 'respawn', 'respawn_delay', 'emulate_tty', 'launch-prefix', 'sigterm_timeout', 'sigkill_timeout', 'on_exit']);

export function loadLaunchFile(file: string): LaunchDescription {
  if (/\.py$/.test(file)) {
    throw new LaunchError({ file, line: 1 }, 'navstack launch reads XML and YAML launch files; a Python launch file needs `ros2 launch` on a ROS 2 machine');
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

// ---------------- XML

function attrs(el: XmlElement, file: string, allowed: string[], required: string[] = []): Record<string, string> & Conditional {
  const where = { file, line: el.line };
  for (const k of Object.keys(el.attributes)) {
    if (!allowed.includes(k) && k !== 'if' && k !== 'unless' && !IGNORED_ATTRS.has(k)) {
      throw new LaunchError(where, `<${el.name}> has no attribute '${k}' (allowed: ${[...allowed, 'if', 'unless'].join(', ')})`);
    }
  }
  for (const r of required) if (el.attributes[r] === undefined) throw new LaunchError(where, `<${el.name}> needs the attribute '${r}'`);
  return el.attributes as Record<string, string> & Conditional;
}

function cond(a: Conditional): Conditional {
  return { ...(a.if !== undefined ? { if: a.if } : {}), ...(a.unless !== undefined ? { unless: a.unless } : {}) };
}

function xmlParams(el: XmlElement, file: string, prefix = ''): ParamEntry[] {
  const where: Where = { file, line: el.line };
  const a = attrs(el, file, ['name', 'value', 'from', 'value-sep', 'sep']);
  if (a.from !== undefined) return [{ from: a.from, ...where }];
  if (a.name === undefined) throw new LaunchError(where, '<param> needs name= (with value= or nested <param>) or from=');
  const name = prefix + a.name;
  if (a.value !== undefined) return [{ name, value: a.value, ...where }];
  const nested = el.children.filter((c) => c.name === 'param');
  if (!nested.length) throw new LaunchError(where, `<param name="${a.name}"> needs value= or nested <param> elements`);
  return nested.flatMap((c) => xmlParams(c, file, `${name}.`));
}

function xmlEntity(el: XmlElement, file: string): Entity {
  const where: Where = { file, line: el.line };
  switch (el.name) {
    case 'arg': {
      const a = attrs(el, file, ['name', 'default', 'description', 'value'], ['name']);
      if (a.value !== undefined) throw new LaunchError(where, `<arg value=...> belongs inside <include>; at the top level use default=`);
      return { kind: 'arg', name: a.name!, default: a.default, description: a.description, ...where, ...cond(a) };
    }
    case 'let': {
      const a = attrs(el, file, ['name', 'value'], ['name', 'value']);
      return { kind: 'let', name: a.name!, value: a.value!, ...where, ...cond(a) };
    }
    case 'include': {
      const a = attrs(el, file, ['file'], ['file']);
      const args = el.children.map((c) => {
        if (c.name !== 'arg') throw new LaunchError({ file, line: c.line }, `<include> may only contain <arg>, found <${c.name}>`);
        const ca = attrs(c, file, ['name', 'value'], ['name', 'value']);
        return { name: ca.name!, value: ca.value! };
      });
      return { kind: 'include', path: a.file!, args, ...where, ...cond(a) };
    }
    case 'group': {
      const a = attrs(el, file, ['scoped', 'forwarding', 'ns', 'namespace']);
      const children = el.children.map((c) => xmlEntity(c, file));
      const ns = a.ns ?? a.namespace;
      if (ns !== undefined) children.unshift({ kind: 'push-ros-namespace', namespace: ns, ...where });
      return { kind: 'group', scoped: (a.scoped ?? 'true') !== 'false', children, ...where, ...cond(a) };
    }
    case 'push-ros-namespace':
    case 'push_ros_namespace': {
      const a = attrs(el, file, ['namespace'], ['namespace']);
      return { kind: 'push-ros-namespace', namespace: a.namespace!, ...where, ...cond(a) };
    }
    case 'set_parameter':
    case 'set-parameter': {
      const a = attrs(el, file, ['name', 'value'], ['name', 'value']);
      return { kind: 'set-parameter', name: a.name!, value: a.value!, ...where, ...cond(a) };
    }
    case 'set_env':
    case 'set-env': {
      const a = attrs(el, file, ['name', 'value'], ['name', 'value']);
      return { kind: 'set-env', name: a.name!, value: a.value!, ...where, ...cond(a) };
    }
    case 'log': {
      const a = attrs(el, file, ['message'], ['message']);
      return { kind: 'log', message: a.message!, ...where, ...cond(a) };
    }
    case 'node': {
      const a = attrs(el, file, ['pkg', 'exec', 'name', 'namespace', 'ns', 'args', 'ros_args'], ['pkg', 'exec']);
      const params: ParamEntry[] = [];
      const remaps: { from: string; to: string }[] = [];
      for (const c of el.children) {
        if (c.name === 'param') params.push(...xmlParams(c, file));
        else if (c.name === 'remap') {
          const r = attrs(c, file, ['from', 'to'], ['from', 'to']);
          remaps.push({ from: r.from!, to: r.to! });
        } else if (c.name === 'env') attrs(c, file, ['name', 'value'], ['name', 'value']);
        else throw new LaunchError({ file, line: c.line }, `<node> may contain <param>, <remap> and <env>, found <${c.name}>`);
      }
      return { kind: 'node', pkg: a.pkg!, exec: a.exec!, name: a.name, namespace: a.namespace ?? a.ns, args: a.args, params, remaps, ...where, ...cond(a) };
    }
    case 'executable': {
      const a = attrs(el, file, ['cmd', 'cwd', 'name', 'args', 'shell'], ['cmd']);
      return { kind: 'executable', cmd: a.args ? `${a.cmd} ${a.args}` : a.cmd!, cwd: a.cwd, name: a.name, ...where, ...cond(a) };
    }
    default:
      throw new LaunchError(where, `unknown launch tag <${el.name}> (navstack reads: arg, let, include, group, push-ros-namespace, set_parameter, set_env, log, node, param, remap, executable)`);
  }
}

export function parseXmlLaunch(text: string, file: string): Entity[] {
  let root: XmlElement;
  try {
    root = parseXml(text, file);
  } catch (e) {
    if (e instanceof XmlError) throw new LaunchError({ file, line: e.line }, e.detail);
    throw e;
  }
  if (root.name !== 'launch') throw new LaunchError({ file, line: root.line }, `the root element of a launch file is <launch>, found <${root.name}>`);
  return root.children.map((c) => xmlEntity(c, file));
}

// ---------------- YAML (the launch_yaml frontend: `launch:` followed by a list of one-key maps)

function yamlEntity(node: YamlNode, file: string, lc: LineCounter): Entity {
  const line = (n: YamlNode | null | undefined) => (n?.range ? lc.linePos(n.range[0]).line : 0);
  const where: Where = { file, line: line(node) };
  if (!isMap(node) || node.items.length !== 1) throw new LaunchError(where, 'each launch entry is a map with one key, such as `- node: {pkg: navstack, exec: sim_node}`');
  const pair = node.items[0]!;
  const tag = String((pair.key as YamlNode & { value?: unknown })?.toString());
  const body = pair.value as YamlNode | null;
  const w: Where = { file, line: line(pair.key as YamlNode) };
  const fields = (): YAMLMap => {
    if (!isMap(body)) throw new LaunchError(w, `'${tag}' needs a map of attributes`);
    return body;
  };
  // Read a map as attributes, with list-valued keys kept as YAML nodes for the caller.
  const read = (allowed: string[], required: string[] = [], lists: string[] = []) => {
    const m = fields();
    const out: Record<string, string> = {};
    const nested: Record<string, YamlNode> = {};
    for (const it of m.items) {
      const k = String((it.key as YamlNode).toString());
      if (lists.includes(k)) {
        nested[k] = it.value as YamlNode;
        continue;
      }
      if (!allowed.includes(k) && k !== 'if' && k !== 'unless' && !IGNORED_ATTRS.has(k)) {
        throw new LaunchError({ file, line: line(it.key as YamlNode) }, `'${tag}' has no attribute '${k}' (allowed: ${[...allowed, ...lists, 'if', 'unless'].join(', ')})`);
      }
      const v = it.value as YamlNode | null;
      out[k] = isScalar(v) ? String(v.value) : String(v?.toJSON?.() ?? '');
    }
    for (const r of required) if (out[r] === undefined) throw new LaunchError(w, `'${tag}' needs '${r}'`);
    return { a: out as Record<string, string> & Conditional, nested };
  };
  const list = (n: YamlNode | undefined): YamlNode[] => {
    if (n === undefined || n === null) return [];
    if (!isSeq(n)) throw new LaunchError({ file, line: line(n) }, 'expected a list');
    return n.items as YamlNode[];
  };
  const pairs = (n: YamlNode | undefined, keys: [string, string]) =>
    list(n).map((it) => {
      if (!isMap(it)) throw new LaunchError({ file, line: line(it) }, `expected {${keys[0]}: ..., ${keys[1]}: ...}`);
      const o = it.toJSON() as Record<string, unknown>;
      for (const k of keys) if (o[k] === undefined) throw new LaunchError({ file, line: line(it) }, `missing '${k}'`);
      return { o, line: line(it) };
    });

  switch (tag) {
    case 'arg': {
      const { a } = read(['name', 'default', 'description'], ['name']);
      return { kind: 'arg', name: a.name!, default: a.default, description: a.description, ...w, ...cond(a) };
    }
    case 'let': {
      const { a } = read(['name', 'value'], ['name', 'value']);
      return { kind: 'let', name: a.name!, value: a.value!, ...w, ...cond(a) };
    }
    case 'include': {
      const { a, nested } = read(['file'], ['file'], ['arg']);
      const args = pairs(nested.arg, ['name', 'value']).map(({ o }) => ({ name: String(o.name), value: String(o.value) }));
      return { kind: 'include', path: a.file!, args, ...w, ...cond(a) };
    }
    case 'group': {
      const { a, nested } = read(['scoped', 'forwarding'], [], ['children']);
      return { kind: 'group', scoped: (a.scoped ?? 'true') !== 'false', children: list(nested.children).map((c) => yamlEntity(c, file, lc)), ...w, ...cond(a) };
    }
    case 'push-ros-namespace':
    case 'push_ros_namespace': {
      const { a } = read(['namespace'], ['namespace']);
      return { kind: 'push-ros-namespace', namespace: a.namespace!, ...w, ...cond(a) };
    }
    case 'set_parameter':
    case 'set-parameter': {
      const { a } = read(['name', 'value'], ['name', 'value']);
      return { kind: 'set-parameter', name: a.name!, value: a.value!, ...w, ...cond(a) };
    }
    case 'set_env':
    case 'set-env': {
      const { a } = read(['name', 'value'], ['name', 'value']);
      return { kind: 'set-env', name: a.name!, value: a.value!, ...w, ...cond(a) };
    }
    case 'log': {
      const { a } = read(['message'], ['message']);
      return { kind: 'log', message: a.message!, ...w, ...cond(a) };
    }
    case 'node': {
      const { a, nested } = read(['pkg', 'exec', 'name', 'namespace', 'args', 'ros_args'], ['pkg', 'exec'], ['param', 'remap', 'env']);
      const params: ParamEntry[] = list(nested.param).map((it) => {
        const o = (isMap(it) ? it.toJSON() : {}) as Record<string, unknown>;
        const pw = { file, line: line(it) };
        if (o.from !== undefined) return { from: String(o.from), ...pw };
        if (o.name === undefined || o.value === undefined) throw new LaunchError(pw, 'a node param needs {name, value} or {from}');
        return { name: String(o.name), value: typeof o.value === 'string' ? o.value : JSON.stringify(o.value), ...pw };
      });
      const remaps = pairs(nested.remap, ['from', 'to']).map(({ o }) => ({ from: String(o.from), to: String(o.to) }));
      return { kind: 'node', pkg: a.pkg!, exec: a.exec!, name: a.name, namespace: a.namespace, args: a.args, params, remaps, ...w, ...cond(a) };
    }
    case 'executable': {
      const { a } = read(['cmd', 'cwd', 'name', 'args', 'shell'], ['cmd']);
      return { kind: 'executable', cmd: a.args ? `${a.cmd} ${a.args}` : a.cmd!, cwd: a.cwd, name: a.name, ...w, ...cond(a) };
    }
    default:
      throw new LaunchError(w, `unknown launch tag '${tag}' (navstack reads: arg, let, include, group, push-ros-namespace, set_parameter, set_env, log, node, executable)`);
  }
}

export function parseYamlLaunch(text: string, file: string): Entity[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new LaunchError({ file, line: lc.linePos(e.pos[0]).line }, `invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const root = doc.contents;
  if (!isMap(root) || !root.has('launch')) throw new LaunchError({ file, line: 1 }, "a YAML launch file starts with 'launch:' and a list of entries");
  const items = root.get('launch', true) as YamlNode;
  if (items === null || items === undefined) return [];
  if (!isSeq(items)) throw new LaunchError({ file, line: 1 }, "'launch:' must be a list");
  return (items.items as YamlNode[]).map((n) => yamlEntity(n, file, lc));
}
