// One view of an XML element or a YAML launch entry, as launch's frontend Entity gives its parsers: typed
// attributes, nested entities, and a check that every attribute and nested entity was read (launch rejects
// unknown ones, and so does navstack, naming file and line).
import { isMap, isScalar, isSeq, Scalar, type Node as YamlNode, type LineCounter, type YAMLMap } from 'yaml';
import type { XmlElement } from '@navstack/xml';
import { PyFloat, pyFloatRepr, resolvePlain, type PyValue } from './substitutions/pyValue.ts';
import { LaunchError, type Where } from './types.ts';

/** An attribute as written: XML gives text (or a list with `NAME-sep`); YAML gives typed values. */
export type RawAttr = { text: string } | { list: string[] } | { value: PyValue };

export interface LaunchEntity {
  readonly type: string;
  readonly where: Where;
  /** A string attribute (YAML scalars are turned back into their text). */
  attr(name: string): string | undefined;
  /** An attribute with its written type, for parameter values. */
  raw(name: string): RawAttr | undefined;
  /** Nested entities of one kind (`<param>` in `<node>`, `arg:` lists in YAML). */
  nested(name: string): LaunchEntity[] | undefined;
  /** All nested entities in order (a group's actions). */
  children(): LaunchEntity[];
  /** Throws naming the first attribute or nested entity that was not read. */
  assertRead(allowedHint: string[]): void;
}

export class XmlEntity implements LaunchEntity {
  readonly #el: XmlElement;
  readonly where: Where;
  readonly #read = new Set<string>();
  readonly #readChildren = new Set<string>();

  constructor(el: XmlElement, file: string) {
    this.#el = el;
    this.where = { file, line: el.line };
  }
  get type(): string {
    return this.#el.name;
  }
  attr(name: string): string | undefined {
    const r = this.raw(name);
    if (r === undefined) return undefined;
    if ('list' in r) return r.list.join(this.#el.attributes[`${name}-sep`]);
    return 'text' in r ? r.text : String(r.value);
  }
  raw(name: string): RawAttr | undefined {
    const v = this.#el.attributes[name];
    if (v === undefined) return undefined;
    this.#read.add(name);
    const sep = this.#el.attributes[`${name}-sep`];
    if (sep !== undefined) {
      this.#read.add(`${name}-sep`);
      return { list: v.split(sep) };
    }
    return { text: v };
  }
  nested(name: string): LaunchEntity[] | undefined {
    const els = this.#el.children.filter((c) => c.name === name);
    if (!els.length) return undefined;
    this.#readChildren.add(name);
    return els.map((c) => new XmlEntity(c, this.where.file));
  }
  children(): LaunchEntity[] {
    for (const c of this.#el.children) this.#readChildren.add(c.name);
    return this.#el.children.map((c) => new XmlEntity(c, this.where.file));
  }
  assertRead(allowedHint: string[]): void {
    const child = this.#el.children.find((c) => !this.#readChildren.has(c.name));
    if (child) throw new LaunchError({ file: this.where.file, line: child.line }, `<${this.type}> cannot contain <${child.name}>${hint(allowedHint, true)}`);
    const attr = Object.keys(this.#el.attributes).find((a) => !this.#read.has(a));
    if (attr) throw new LaunchError(this.where, `<${this.type}> has no attribute '${attr}'${hint(allowedHint, false)}`);
  }
}

function hint(allowed: string[], nested: boolean): string {
  return allowed.length ? ` (${nested ? 'it reads' : 'allowed'}: ${allowed.join(', ')})` : '';
}

export class YamlEntity implements LaunchEntity {
  readonly #body: YamlNode | null;
  readonly #lc: LineCounter;
  readonly where: Where;
  readonly #read = new Set<string>();
  #childrenRead = false;

  constructor(
    readonly type: string,
    body: YamlNode | null,
    where: Where,
    lc: LineCounter,
  ) {
    this.#body = body;
    this.where = where;
    this.#lc = lc;
  }

  static fromEntry(n: YamlNode, file: string, lc: LineCounter): YamlEntity {
    const line = lineOf(n, lc);
    if (!isMap(n) || n.items.length !== 1) throw new LaunchError({ file, line }, 'each launch entry is a map with one key, the entity type, such as `- node: {pkg: demo_nodes_cpp, exec: talker}`');
    const pair = n.items[0]!;
    const key = pair.key as YamlNode;
    return new YamlEntity(String(isScalar(key) ? key.value : key), pair.value as YamlNode | null, { file, line: lineOf(key, lc) }, lc);
  }

  #map(): YAMLMap | undefined {
    return isMap(this.#body) ? this.#body : undefined;
  }
  #get(name: string): YamlNode | undefined {
    const m = this.#map();
    if (!m) return undefined;
    const it = m.items.find((i) => isScalar(i.key) && String(i.key.value) === name);
    if (!it) return undefined;
    this.#read.add(name);
    return (it.value as YamlNode | null) ?? new Scalar(null);
  }
  attr(name: string): string | undefined {
    const r = this.raw(name);
    if (r === undefined) return undefined;
    if ('value' in r) {
      // launch_yaml checks types without converting: a number or a boolean where text is read fails there
      if (typeof r.value !== 'string') {
        throw new LaunchError(this.where, `'${this.type}': '${name}' must be text, not ${Array.isArray(r.value) ? 'a list' : r.value === null ? 'empty' : `${yamlText(r.value)}; quote it ("${yamlText(r.value)}"), as ros2 launch requires`}`);
      }
      return r.value;
    }
    return 'text' in r ? r.text : r.list.join(',');
  }
  raw(name: string): RawAttr | undefined {
    const n = this.#get(name);
    if (n === undefined) return undefined;
    return { value: yamlValue(n) };
  }
  nested(name: string): LaunchEntity[] | undefined {
    const n = this.#get(name);
    if (n === undefined) return undefined;
    if (!isSeq(n)) throw new LaunchError({ file: this.where.file, line: lineOf(n, this.#lc) }, `'${this.type}': '${name}' must be a list of maps`);
    return n.items.map((it) => {
      const item = it as YamlNode;
      if (!isMap(item)) throw new LaunchError({ file: this.where.file, line: lineOf(item, this.#lc) }, `'${this.type}': each '${name}' entry must be a map`);
      return new YamlEntity(name, item, { file: this.where.file, line: lineOf(item, this.#lc) }, this.#lc);
    });
  }
  children(): LaunchEntity[] {
    this.#childrenRead = true;
    let list: YamlNode | undefined | null = this.#body;
    if (isMap(this.#body)) {
      list = this.#get('children');
      if (list === undefined) throw new LaunchError(this.where, `'${this.type}' needs its entities: a list, or a map with a 'children' list`);
    }
    if (list === null || (isScalar(list) && list.value === null)) return [];
    if (!isSeq(list)) throw new LaunchError(this.where, `'${this.type}': its entities must be a list`);
    return list.items.map((n) => YamlEntity.fromEntry(n as YamlNode, this.where.file, this.#lc));
  }
  assertRead(allowedHint: string[]): void {
    if (isSeq(this.#body)) {
      if (!this.#childrenRead) throw new LaunchError(this.where, `'${this.type}' takes a map of attributes, not a list`);
      return;
    }
    const m = this.#map();
    if (!m) {
      if (this.#body !== null && !(isScalar(this.#body) && this.#body.value === null)) throw new LaunchError(this.where, `'${this.type}' takes a map of attributes`);
      return;
    }
    for (const it of m.items) {
      const k = isScalar(it.key) ? String(it.key.value) : String(it.key);
      if (!this.#read.has(k)) throw new LaunchError({ file: this.where.file, line: lineOf(it.key as YamlNode, this.#lc) }, `'${this.type}' has no attribute '${k}'${hint(allowedHint, false)}`);
    }
  }
}

export function lineOf(n: YamlNode | null | undefined, lc: LineCounter): number {
  return n?.range ? lc.linePos(n.range[0]).line : 0;
}

/** A YAML value as PyYAML loads it (launch_yaml reads the file with yaml.safe_load). */
function yamlValue(n: YamlNode): PyValue {
  if (isScalar(n)) {
    if (n.type === Scalar.PLAIN) return resolvePlain(String(n.value ?? ''));
    return String(n.value);
  }
  if (isSeq(n)) return n.items.map((x) => yamlValue(x as YamlNode));
  if (isMap(n)) {
    const out: { [k: string]: PyValue } = {};
    for (const it of n.items) out[String(isScalar(it.key) ? it.key.value : it.key)] = yamlValue(it.value as YamlNode);
    return out;
  }
  return null;
}

/** A typed YAML scalar as text, as Python's str() gives it (launch_yaml passes such values on as they are). */
function yamlText(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  return String(v);
}
