// Values as launch (Python) sees them: PyYAML's implicit typing of launch text (yaml.safe_load), Python's
// str() of a value (what `-p name:=value` and $(eval) print), and YAML text that reads back to the same value.
// Floats are kept apart from integers so that 5.0 stays 5.0.
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Node as YamlNode } from 'yaml';

export class PyFloat {
  constructor(readonly value: number) {}
}

export type PyValue = null | boolean | number | PyFloat | string | PyValue[] | { [key: string]: PyValue };

export class YamlLoadError extends Error {}

// PyYAML's implicit resolvers (yaml/resolver.py), which launch applies to launch text.
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;

/** The value PyYAML gives a plain (unquoted) scalar. */
export function resolvePlain(s: string): PyValue {
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return TRUE.test(s);
  if (INT.test(s)) return parseYamlInt(s);
  if (FLOAT.test(s)) return new PyFloat(parseYamlFloat(s));
  return s;
}

function sexagesimal(body: string): number {
  return body.split(':').reduce((acc, d) => acc * 60 + Number(d), 0);
}

function parseYamlInt(s: string): number {
  const t = s.replace(/_/g, '');
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[-+]/, '');
  if (body.startsWith('0b')) return sign * parseInt(body.slice(2), 2);
  if (body.startsWith('0x')) return sign * parseInt(body.slice(2), 16);
  if (body.includes(':')) return sign * sexagesimal(body);
  if (body.length > 1 && body.startsWith('0')) return sign * parseInt(body, 8);
  return sign * Number(body);
}

function parseYamlFloat(s: string): number {
  const t = s.replace(/_/g, '').toLowerCase();
  if (t.endsWith('.inf')) return t.startsWith('-') ? -Infinity : Infinity;
  if (t === '.nan') return NaN;
  if (t.includes(':')) {
    const sign = t.startsWith('-') ? -1 : 1;
    return sign * sexagesimal(t.replace(/^[-+]/, ''));
  }
  return Number(t);
}

function fromNode(n: YamlNode | null | undefined): PyValue {
  if (n === null || n === undefined) return null;
  if (isScalar(n)) {
    const raw = String(n.value ?? '');
    return n.type === Scalar.PLAIN ? resolvePlain(raw) : String(n.value);
  }
  if (isSeq(n)) return n.items.map((x) => fromNode(x as YamlNode));
  if (isMap(n)) {
    const out: { [k: string]: PyValue } = {};
    for (const it of n.items) out[pyStr(fromNode(it.key as YamlNode))] = fromNode(it.value as YamlNode);
    return out;
  }
  throw new YamlLoadError('unsupported YAML node');
}

/** yaml.safe_load of launch text: typed scalars, lists and maps; throws YamlLoadError on invalid YAML. */
export function yamlSafeLoad(text: string): PyValue {
  if (!/[\n:#[\]{}'"&*!|>%@`,-]/.test(text)) return resolvePlain(text.trim());
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false });
  if (doc.errors.length) throw new YamlLoadError(doc.errors[0]!.message.split('\n')[0]!);
  return fromNode(doc.contents as YamlNode | null);
}

/** Python's repr of a float (shortest round trip; exponent form below 1e-4 and from 1e16). */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e16 || abs < 1e-4) {
    const [m, e] = x.toExponential().split('e') as [string, string];
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const s = String(x);
  return s.includes('.') ? s : `${s}.0`;
}

/** Python's str() of a value. */
export function pyStr(v: PyValue): string {
  if (typeof v === 'string') return v;
  return pyRepr(v);
}

/** Python's repr() of a value. */
export function pyRepr(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (typeof v === 'string') return pyStrRepr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${pyStrRepr(k)}: ${pyRepr(x)}`)
    .join(', ')}}`;
}

function pyStrRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
}

/** YAML text for a value that PyYAML (and rcl) read back as the same value: strings that would read as another type are quoted. */
export function yamlFlow(v: PyValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (v instanceof PyFloat) {
    if (Number.isNaN(v.value)) return '.nan';
    if (!Number.isFinite(v.value)) return v.value > 0 ? '.inf' : '-.inf';
    const r = pyFloatRepr(v.value);
    // PyYAML writes 1e+16 as 1.0e+16 so that it reads back as a float
    return /^[-+]?\d+e/.test(r) ? r.replace('e', '.0e') : r;
  }
  if (typeof v === 'string') {
    // quoted too: text other YAML readers (rcl's libyaml, YAML 1.2) would take for a number
    const plainOk = v !== '' && typeof resolvePlain(v) === 'string' && !/^[-+]?(\.\d+|\d+\.?\d*)([eE][-+]?\d+)?$/.test(v) && /^[^\s'"[\]{},#&*!|>%@`]/.test(v) && !/[:#]\s|\s$|:$|\n/.test(v) && !/^[-?:]\s/.test(v) && !/^[-?:]$/.test(v);
    return plainOk ? v : `'${v.replace(/'/g, "''")}'`;
  }
  if (Array.isArray(v)) return `[${v.map(yamlFlow).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${yamlFlow(k)}: ${yamlFlow(x)}`)
    .join(', ')}}`;
}
