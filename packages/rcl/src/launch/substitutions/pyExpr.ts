// $(eval EXPR [MODULES]): launch evaluates EXPR with Python's eval(). navstack evaluates a safe subset of
// Python expressions instead of running Python: literals (numbers, strings, True/False/None, lists, tuples,
// dicts), arithmetic, comparisons (chained), `in`, `is`, and/or/not, `a if c else b`, indexing and slices,
// the builtins str int float bool len abs min max round sum any all list tuple sorted, str methods, and the
// math module (as launch gives it: `math.pi` or `pi`). Anything else (other names or modules, lambdas,
// comprehensions, f-strings, assignments, imports, attribute access outside str/math) is refused with
// a message: such a file needs the real `ros2 launch`.
import { PyFloat, pyFloatRepr, pyRepr, pyStr, type PyValue } from './pyValue.ts';

export class PyExprError extends Error {}

class PyTuple {
  constructor(readonly items: Value[]) {}
}
/** A set, kept in insertion order (Python's own order for str items depends on hash seeds). */
class PySet {
  readonly items: Value[] = [];
  constructor(items: Value[]) {
    for (const x of items) if (!this.items.some((y) => equal(x, y))) this.items.push(x);
  }
}
class Fn {
  constructor(
    readonly name: string,
    readonly fn: (args: Value[]) => Value,
  ) {}
}
class Module {
  constructor(
    readonly module: string,
    readonly members: Record<string, Value>,
  ) {}
}
type Value = PyValue | PyTuple | PySet | Fn | Module | Value[];

const outside = (what: string) => new PyExprError(`${what} is outside the Python subset navstack evaluates (literals, arithmetic, comparisons, and/or/not, if-else, indexing, str methods, str/int/float/bool/len/abs/min/max/round/sum/any/all/list/tuple/sorted, math); run the file with ros2 launch`);

// ---------------- tokens

type Tok = { k: 'num'; v: Value } | { k: 'str'; v: string } | { k: 'name'; v: string } | { k: 'op'; v: string } | { k: 'end' };

const OPS = ['**', '//', '==', '!=', '<=', '>=', '(', ')', '[', ']', '{', '}', ',', ':', '.', '+', '-', '*', '/', '%', '<', '>'];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][-+]?\d+)?)/.exec(src.slice(i));
    if (num && /[\d.]/.test(c) && num[0] !== '.') {
      const t = num[0].replace(/_/g, '');
      if (/^0[xob]/i.test(t)) out.push({ k: 'num', v: parseInt(t.slice(2), t[1]!.toLowerCase() === 'x' ? 16 : t[1]!.toLowerCase() === 'o' ? 8 : 2) });
      else if (/[.eE]/.test(t)) out.push({ k: 'num', v: new PyFloat(Number(t)) });
      else out.push({ k: 'num', v: Number(t) });
      i += num[0].length;
      continue;
    }
    const prefix = /^([rRbBfFuU]{0,2})(['"])/.exec(src.slice(i));
    if (prefix && (prefix[1] === '' || /^[rRuU]$/.test(prefix[1]!) || /[fFbB]/.test(prefix[1]!))) {
      if (/[fFbB]/.test(prefix[1]!)) throw outside(`the ${prefix[1]}-string at '${src.slice(i, i + 12)}'`);
      const raw = /[rR]/.test(prefix[1]!);
      const q = prefix[2]!;
      i += prefix[0].length;
      const triple = src.startsWith(q + q, i);
      if (triple) i += 2;
      let s = '';
      for (;;) {
        if (i >= src.length) throw new PyExprError('unterminated string');
        if (triple ? src.startsWith(q.repeat(3), i) : src[i] === q) {
          i += triple ? 3 : 1;
          break;
        }
        const ch = src[i]!;
        if (ch === '\\' && i + 1 < src.length) {
          const n = src[i + 1]!;
          if (raw) s += ch + n;
          else s += ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' } as Record<string, string>)[n] ?? ch + n;
          i += 2;
          continue;
        }
        s += ch;
        i++;
      }
      out.push({ k: 'str', v: s });
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) {
      out.push({ k: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw outside(`'${c}'`);
    out.push({ k: 'op', v: op });
    i += op.length;
  }
  out.push({ k: 'end' });
  return out;
}

// ---------------- values

function truthy(v: Value): boolean {
  if (v === null || v === false || v === 0 || v === '') return false;
  if (v instanceof PyFloat) return v.value !== 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof PyTuple || v instanceof PySet) return v.items.length > 0;
  if (typeof v === 'object' && !(v instanceof Fn) && !(v instanceof Module)) return Object.keys(v).length > 0;
  return true;
}

const isNum = (v: Value): v is number | PyFloat | boolean => typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat;
const num = (v: Value): number => (v instanceof PyFloat ? v.value : Number(v));
const seq = (v: Value): Value[] | undefined => (Array.isArray(v) ? v : v instanceof PyTuple || v instanceof PySet ? v.items : undefined);

function typeName(v: Value): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'int';
  if (v instanceof PyFloat) return 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof PySet) return 'set';
  if (v instanceof Fn) return 'builtin_function';
  if (v instanceof Module) return 'module';
  return 'dict';
}

function toPy(v: Value): PyValue {
  if (v instanceof PyTuple || v instanceof PySet) return v.items.map(toPy);
  if (Array.isArray(v)) return v.map(toPy);
  if (v instanceof Fn || v instanceof Module) throw outside(`a ${typeName(v)} as a result`);
  return v as PyValue;
}

export function pyValueStr(v: Value): string {
  if (v instanceof PySet) return v.items.length ? `{${v.items.map((x) => pyRepr(toPy(x))).join(', ')}}` : 'set()';
  if (v instanceof PyTuple) return v.items.length === 1 ? `(${pyRepr(toPy(v.items[0]!))},)` : `(${v.items.map((x) => pyRepr(toPy(x))).join(', ')})`;
  return pyStr(toPy(v));
}

function arith(op: string, a: Value, b: Value): Value {
  if (isNum(a) && isNum(b)) {
    const fl = a instanceof PyFloat || b instanceof PyFloat;
    const x = num(a);
    const y = num(b);
    const mk = (r: number) => (fl ? new PyFloat(r) : r);
    switch (op) {
      case '+':
        return mk(x + y);
      case '-':
        return mk(x - y);
      case '*':
        return mk(x * y);
      case '/':
        if (y === 0) throw new PyExprError('division by zero');
        return new PyFloat(x / y);
      case '//':
        if (y === 0) throw new PyExprError('division by zero');
        return mk(Math.floor(x / y));
      case '%':
        if (y === 0) throw new PyExprError('modulo by zero');
        return mk(x - y * Math.floor(x / y));
      case '**':
        return !fl && y < 0 ? new PyFloat(x ** y) : mk(x ** y);
    }
  }
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (op === '+' && Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (op === '+' && a instanceof PyTuple && b instanceof PyTuple) return new PyTuple([...a.items, ...b.items]);
  if (op === '*' && (typeof a === 'string' || Array.isArray(a)) && typeof b === 'number') return typeof a === 'string' ? a.repeat(Math.max(0, b)) : Array.from({ length: Math.max(0, b) }, () => a).flat();
  if (op === '*' && typeof a === 'number' && (typeof b === 'string' || Array.isArray(b))) return arith(op, b, a);
  if (op === '%' && typeof a === 'string') throw outside("'%' string formatting");
  throw new PyExprError(`unsupported operand types for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function equal(a: Value, b: Value): boolean {
  if (isNum(a) && isNum(b)) return num(a) === num(b);
  if (a instanceof PySet || b instanceof PySet) return a instanceof PySet && b instanceof PySet && a.items.length === b.items.length && a.items.every((x) => b.items.some((y) => equal(x, y)));
  const sa = seq(a);
  const sb = seq(b);
  if (sa && sb) return Array.isArray(a) === Array.isArray(b) && sa.length === sb.length && sa.every((x, i) => equal(x, sb[i]!));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b) && !(a instanceof PyFloat) && !(b instanceof PyFloat)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal((a as Record<string, Value>)[k]!, (b as Record<string, Value>)[k]!));
  }
  return a === b;
}

function order(a: Value, b: Value): number {
  if (isNum(a) && isNum(b)) return num(a) - num(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const sa = seq(a);
  const sb = seq(b);
  if (sa && sb) {
    for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
      if (!equal(sa[i]!, sb[i]!)) return order(sa[i]!, sb[i]!);
    }
    return sa.length - sb.length;
  }
  throw new PyExprError(`'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

function contains(container: Value, item: Value): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new PyExprError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  const s = seq(container);
  if (s) return s.some((x) => equal(x, item));
  if (container !== null && typeof container === 'object' && !(container instanceof PyFloat) && !(container instanceof Fn) && !(container instanceof Module)) return pyValueStr(item) in container;
  throw new PyExprError(`argument of type '${typeName(container)}' is not iterable`);
}

function index(v: Value, i: Value): Value {
  const s = typeof v === 'string' ? [...v] : seq(v);
  if (s) {
    if (typeof i !== 'number') throw new PyExprError(`indices must be integers, not ${typeName(i)}`);
    const k = i < 0 ? s.length + i : i;
    if (k < 0 || k >= s.length) throw new PyExprError('index out of range');
    return s[k]!;
  }
  if (v !== null && typeof v === 'object' && !(v instanceof PyFloat) && !(v instanceof Fn) && !(v instanceof Module)) {
    const key = pyValueStr(i);
    if (!(key in v)) throw new PyExprError(`KeyError: ${pyRepr(toPy(i))}`);
    return (v as Record<string, Value>)[key]!;
  }
  throw new PyExprError(`'${typeName(v)}' object is not subscriptable`);
}

function slice(v: Value, lo: Value | undefined, hi: Value | undefined): Value {
  const s = typeof v === 'string' ? [...v] : seq(v);
  if (!s) throw new PyExprError(`'${typeName(v)}' object is not subscriptable`);
  const n = s.length;
  const clamp = (x: Value | undefined, d: number) => (x === undefined || x === null ? d : Math.min(n, Math.max(0, num(x) < 0 ? n + num(x) : num(x))));
  const part = s.slice(clamp(lo, 0), clamp(hi, n));
  return typeof v === 'string' ? part.join('') : v instanceof PyTuple ? new PyTuple(part) : part;
}

// ---------------- builtins, str methods, math

const fn = (name: string, f: (args: Value[]) => Value): Fn => new Fn(name, f);

function toInt(v: Value): number {
  if (typeof v === 'string') {
    const t = v.trim().replace(/_/g, '');
    if (!/^[-+]?\d+$/.test(t)) throw new PyExprError(`invalid literal for int() with base 10: ${pyRepr(v)}`);
    return Number(t);
  }
  if (isNum(v)) return Math.trunc(num(v));
  throw new PyExprError(`int() argument must be a string or a number, not '${typeName(v)}'`);
}

function toFloat(v: Value): PyFloat {
  if (typeof v === 'string') {
    const t = v.trim().replace(/_/g, '').toLowerCase();
    if (/^[-+]?(inf|infinity)$/.test(t)) return new PyFloat(t.startsWith('-') ? -Infinity : Infinity);
    if (/^[-+]?nan$/.test(t)) return new PyFloat(NaN);
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(t)) throw new PyExprError(`could not convert string to float: ${pyRepr(v)}`);
    return new PyFloat(Number(t));
  }
  if (isNum(v)) return new PyFloat(num(v));
  throw new PyExprError(`float() argument must be a string or a number, not '${typeName(v)}'`);
}

function iter(v: Value): Value[] {
  if (typeof v === 'string') return [...v];
  const s = seq(v);
  if (s) return s;
  if (v !== null && typeof v === 'object' && !(v instanceof PyFloat) && !(v instanceof Fn) && !(v instanceof Module)) return Object.keys(v);
  throw new PyExprError(`'${typeName(v)}' object is not iterable`);
}

function pyRound(x: number, nd: number): number {
  const f = 10 ** nd;
  const y = x * f;
  const r = Math.round(y);
  // Python rounds halves to even
  return (Math.abs(y - Math.trunc(y)) === 0.5 ? 2 * Math.round(y / 2) : r) / f;
}

const BUILTINS: Record<string, Value> = {
  str: fn('str', ([v = '']) => pyValueStr(v)),
  int: fn('int', ([v = 0]) => toInt(v)),
  float: fn('float', ([v = new PyFloat(0)]) => toFloat(v)),
  bool: fn('bool', ([v = false]) => truthy(v)),
  len: fn('len', ([v = null]) => iter(v).length),
  abs: fn('abs', ([v = 0]) => (v instanceof PyFloat ? new PyFloat(Math.abs(v.value)) : Math.abs(num(v)))),
  min: fn('min', (a) => (a.length === 1 ? iter(a[0]!) : a).reduce((m, x) => (order(x, m) < 0 ? x : m))),
  max: fn('max', (a) => (a.length === 1 ? iter(a[0]!) : a).reduce((m, x) => (order(x, m) > 0 ? x : m))),
  round: fn('round', ([v = 0, nd]) => (nd === undefined || nd === null ? Math.round(pyRound(num(v), 0)) : new PyFloat(pyRound(num(v), num(nd))))),
  sum: fn('sum', ([v = [], start = 0]) => iter(v).reduce((s, x) => arith('+', s, x), start)),
  any: fn('any', ([v = []]) => iter(v).some(truthy)),
  all: fn('all', ([v = []]) => iter(v).every(truthy)),
  list: fn('list', ([v = []]) => [...iter(v)]),
  tuple: fn('tuple', ([v = []]) => new PyTuple([...iter(v)])),
  sorted: fn('sorted', ([v = []]) => [...iter(v)].sort(order)),
  set: fn('set', ([v = []]) => new PySet(iter(v))),
  None: null,
  True: true,
  False: false,
};

const MATH: Record<string, Value> = {
  pi: new PyFloat(Math.PI),
  e: new PyFloat(Math.E),
  tau: new PyFloat(2 * Math.PI),
  inf: new PyFloat(Infinity),
  nan: new PyFloat(NaN),
  ...Object.fromEntries(
    (['sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sqrt', 'exp', 'log10', 'log2', 'sinh', 'cosh', 'tanh', 'fabs'] as const).map((k) => [k, fn(k, ([v = 0]) => new PyFloat((k === 'fabs' ? Math.abs : Math[k])(num(v))))]),
  ),
  log: fn('log', ([v = 0, base]) => new PyFloat(base === undefined ? Math.log(num(v)) : Math.log(num(v)) / Math.log(num(base)))),
  atan2: fn('atan2', ([y = 0, x = 0]) => new PyFloat(Math.atan2(num(y), num(x)))),
  pow: fn('pow', ([x = 0, y = 0]) => new PyFloat(num(x) ** num(y))),
  hypot: fn('hypot', (a) => new PyFloat(Math.hypot(...a.map(num)))),
  radians: fn('radians', ([v = 0]) => new PyFloat((num(v) * Math.PI) / 180)),
  degrees: fn('degrees', ([v = 0]) => new PyFloat((num(v) * 180) / Math.PI)),
  floor: fn('floor', ([v = 0]) => Math.floor(num(v))),
  ceil: fn('ceil', ([v = 0]) => Math.ceil(num(v))),
  trunc: fn('trunc', ([v = 0]) => Math.trunc(num(v))),
  isclose: fn('isclose', ([a = 0, b = 0]) => Math.abs(num(a) - num(b)) <= 1e-9 * Math.max(Math.abs(num(a)), Math.abs(num(b)))),
};

function strMethod(s: string, name: string): Fn {
  const str = (v: Value | undefined, what: string): string => {
    if (typeof v !== 'string') throw new PyExprError(`str.${name}() ${what} must be str, not ${typeName(v ?? null)}`);
    return v;
  };
  const strip = (chars: Value | undefined, left: boolean, right: boolean) => {
    const set = chars === undefined || chars === null ? ' \t\n\r\f\v' : str(chars, 'argument');
    let a = 0;
    let b = s.length;
    while (left && a < b && set.includes(s[a]!)) a++;
    while (right && b > a && set.includes(s[b - 1]!)) b--;
    return s.slice(a, b);
  };
  const methods: Record<string, (a: Value[]) => Value> = {
    lower: () => s.toLowerCase(),
    upper: () => s.toUpperCase(),
    strip: ([c]) => strip(c, true, true),
    lstrip: ([c]) => strip(c, true, false),
    rstrip: ([c]) => strip(c, false, true),
    split: ([sep, max]) => {
      if (sep === undefined || sep === null) return s.split(/\s+/).filter(Boolean);
      const parts = s.split(str(sep, 'separator'));
      if (max === undefined || num(max) < 0) return parts;
      return [...parts.slice(0, num(max)), parts.slice(num(max)).join(str(sep, 'separator'))];
    },
    replace: ([a, b]) => s.split(str(a, 'argument')).join(str(b, 'argument')),
    startswith: ([p]) => (seq(p ?? null) ?? [p]).some((x) => s.startsWith(str(x, 'argument'))),
    endswith: ([p]) => (seq(p ?? null) ?? [p]).some((x) => s.endsWith(str(x, 'argument'))),
    join: ([items]) => iter(items ?? null).map((x) => str(x, 'item')).join(s),
    find: ([sub]) => s.indexOf(str(sub, 'argument')),
    count: ([sub]) => s.split(str(sub, 'argument')).length - 1,
    capitalize: () => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
    title: () => s.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase()),
    isdigit: () => s.length > 0 && /^\d+$/.test(s),
    isalpha: () => s.length > 0 && /^[A-Za-z]+$/.test(s),
    isnumeric: () => s.length > 0 && /^\d+$/.test(s),
  };
  const m = methods[name];
  if (!m) throw outside(`str.${name}()`);
  return fn(`str.${name}`, m);
}

function setMethod(s: PySet, name: string): Fn {
  const methods: Record<string, (a: Value[]) => Value> = {
    intersection: (a) => new PySet(s.items.filter((x) => a.every((o) => contains(o, x)))),
    union: (a) => new PySet([...s.items, ...a.flatMap(iter)]),
    difference: (a) => new PySet(s.items.filter((x) => !a.some((o) => contains(o, x)))),
    issubset: ([o = []]) => s.items.every((x) => contains(o, x)),
    issuperset: ([o = []]) => iter(o).every((x) => contains(s, x)),
  };
  const m = methods[name];
  if (!m) throw outside(`set.${name}()`);
  return fn(`set.${name}`, m);
}

// ---------------- parser + evaluator (evaluates while parsing, with short-circuiting via `skip`)

class Evaluator {
  private p = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly locals: Record<string, Value>,
  ) {}

  private peek(): Tok {
    return this.toks[this.p]!;
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t.k === 'op' && t.v === v;
  }
  private isName(v: string): boolean {
    const t = this.peek();
    return t.k === 'name' && t.v === v;
  }
  private expect(v: string): void {
    if (!this.isOp(v)) throw new PyExprError(`expected '${v}'${this.describe()}`);
    this.p++;
  }
  private describe(): string {
    const t = this.peek();
    return t.k === 'end' ? ' at the end' : ` before '${'v' in t ? pyValueStr(t.v as Value) : ''}'`;
  }

  run(): Value {
    let v = this.expr(false);
    if (this.isOp(',')) {
      const items = [v];
      while (this.isOp(',')) {
        this.p++;
        if (this.peek().k === 'end') break;
        items.push(this.expr(false));
      }
      v = new PyTuple(items);
    }
    if (this.peek().k !== 'end') {
      const t = this.peek();
      if (t.k === 'name' && ['for', 'lambda', 'import'].includes(t.v)) throw outside(`'${t.v}'`);
      if (t.k === 'op' && t.v === ':') throw outside("':=' and ':'");
      throw new PyExprError(`unexpected${this.describe()}`);
    }
    return v;
  }

  private expr(skip: boolean): Value {
    if (this.isName('lambda')) throw outside("'lambda'");
    // Python evaluates the condition of `a if c else b` first: parse `a` without evaluating, then come back
    const start = this.p;
    this.orTest(true);
    if (!this.isName('if')) {
      this.p = start;
      return this.orTest(skip);
    }
    this.p++;
    const c = this.orTest(skip);
    if (!this.isName('else')) throw new PyExprError(`expected 'else'${this.describe()}`);
    this.p++;
    if (skip || !truthy(c)) return this.expr(skip);
    this.expr(true);
    const end = this.p;
    this.p = start;
    const a = this.orTest(false);
    this.p = end;
    return a;
  }

  private orTest(skip: boolean): Value {
    let v = this.andTest(skip);
    while (this.isName('or')) {
      this.p++;
      const done = skip || truthy(v);
      const r = this.andTest(done);
      if (!done) v = r;
    }
    return v;
  }

  private andTest(skip: boolean): Value {
    let v = this.notTest(skip);
    while (this.isName('and')) {
      this.p++;
      const done = skip || !truthy(v);
      const r = this.notTest(done);
      if (!done) v = r;
    }
    return v;
  }

  private notTest(skip: boolean): Value {
    if (this.isName('not')) {
      this.p++;
      return !truthy(this.notTest(skip));
    }
    return this.comparison(skip);
  }

  private compOp(): string | undefined {
    const t = this.peek();
    if (t.k === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      this.p++;
      return t.v;
    }
    if (this.isName('in')) {
      this.p++;
      return 'in';
    }
    if (this.isName('not') && this.toks[this.p + 1]?.k === 'name' && (this.toks[this.p + 1] as { v: string }).v === 'in') {
      this.p += 2;
      return 'not in';
    }
    if (this.isName('is')) {
      this.p++;
      if (this.isName('not')) {
        this.p++;
        return 'is not';
      }
      return 'is';
    }
    return undefined;
  }

  private comparison(skip: boolean): Value {
    let left = this.arith(skip);
    let result: Value = left;
    let first = true;
    for (let op = this.compOp(); op !== undefined; op = this.compOp()) {
      const right = this.arith(skip);
      if (!skip) {
        let r: boolean;
        switch (op) {
          case '==':
            r = equal(left, right);
            break;
          case '!=':
            r = !equal(left, right);
            break;
          case 'in':
            r = contains(right, left);
            break;
          case 'not in':
            r = !contains(right, left);
            break;
          case 'is':
            r = left === right || (left === null && right === null);
            break;
          case 'is not':
            r = !(left === right || (left === null && right === null));
            break;
          default: {
            const o = order(left, right);
            r = op === '<' ? o < 0 : op === '<=' ? o <= 0 : op === '>' ? o > 0 : o >= 0;
          }
        }
        result = first ? r : (result as boolean) && r;
        if (!r) skip = true;
      }
      first = false;
      left = right;
    }
    return first ? left : result === undefined ? false : result;
  }

  private arith(skip: boolean): Value {
    let v = this.term(skip);
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.toks[this.p++] as { v: string }).v;
      const r = this.term(skip);
      if (!skip) v = arith(op, v, r);
    }
    return v;
  }

  private term(skip: boolean): Value {
    let v = this.factor(skip);
    while (this.isOp('*') || this.isOp('/') || this.isOp('//') || this.isOp('%')) {
      const op = (this.toks[this.p++] as { v: string }).v;
      const r = this.factor(skip);
      if (!skip) v = arith(op, v, r);
    }
    return v;
  }

  private factor(skip: boolean): Value {
    if (this.isOp('-') || this.isOp('+')) {
      const op = (this.toks[this.p++] as { v: string }).v;
      const v = this.factor(skip);
      if (skip) return null;
      if (!isNum(v)) throw new PyExprError(`bad operand type for unary ${op}: '${typeName(v)}'`);
      if (op === '+') return typeof v === 'boolean' ? Number(v) : v;
      return v instanceof PyFloat ? new PyFloat(-v.value) : -Number(v);
    }
    const base = this.primary(skip);
    if (this.isOp('**')) {
      this.p++;
      const e = this.factor(skip);
      return skip ? null : arith('**', base, e);
    }
    return base;
  }

  private primary(skip: boolean): Value {
    let v = this.atom(skip);
    for (;;) {
      if (this.isOp('(')) {
        this.p++;
        const args: Value[] = [];
        while (!this.isOp(')')) {
          if (this.toks[this.p + 1]?.k === 'op' && (this.toks[this.p + 1] as { v: string }).v === '=' ) throw outside('keyword arguments');
          args.push(this.expr(skip));
          if (!this.isOp(',')) break;
          this.p++;
        }
        this.expect(')');
        if (skip) continue;
        if (!(v instanceof Fn)) throw new PyExprError(`'${typeName(v)}' object is not callable`);
        v = v.fn(args);
      } else if (this.isOp('[')) {
        this.p++;
        let lo: Value | undefined;
        if (!this.isOp(':')) lo = this.expr(skip);
        if (this.isOp(':')) {
          this.p++;
          const hi = this.isOp(']') ? undefined : this.expr(skip);
          this.expect(']');
          if (!skip) v = slice(v, lo, hi);
        } else {
          this.expect(']');
          if (!skip) v = index(v, lo!);
        }
      } else if (this.isOp('.')) {
        this.p++;
        const t = this.peek();
        if (t.k !== 'name') throw new PyExprError(`expected a name after '.'${this.describe()}`);
        this.p++;
        if (skip) continue;
        if (typeof v === 'string') v = strMethod(v, t.v);
        else if (v instanceof PySet) v = setMethod(v, t.v);
        else if (v instanceof Module) {
          if (!(t.v in v.members)) throw outside(`${v.module}.${t.v}`);
          v = v.members[t.v]!;
        } else throw outside(`attribute '${t.v}' of a ${typeName(v)}`);
      } else return v;
    }
  }

  private sequence(close: string, skip: boolean): { items: Value[]; trailingComma: boolean } {
    // a comprehension (`[x for x in ...]`) has 'for' at the top level of the brackets
    for (let i = this.p, depth = 0; i < this.toks.length; i++) {
      const t = this.toks[i]!;
      if (t.k === 'op' && ['(', '[', '{'].includes(t.v)) depth++;
      else if (t.k === 'op' && [')', ']', '}'].includes(t.v)) {
        if (depth-- === 0) break;
      } else if (depth === 0 && t.k === 'name' && t.v === 'for') throw outside('comprehensions');
    }
    const items: Value[] = [];
    let trailingComma = false;
    while (!this.isOp(close)) {
      items.push(this.expr(skip));
      if (this.isName('for')) throw outside('comprehensions');
      trailingComma = false;
      if (!this.isOp(',')) break;
      this.p++;
      trailingComma = true;
    }
    this.expect(close);
    return { items, trailingComma };
  }

  private atom(skip: boolean): Value {
    const t = this.peek();
    this.p++;
    switch (t.k) {
      case 'num':
        return t.v;
      case 'str': {
        let s = t.v;
        while (this.peek().k === 'str') s += (this.toks[this.p++] as { v: string }).v;
        return s;
      }
      case 'name': {
        if (t.v in this.locals) return this.locals[t.v]!;
        if (t.v in BUILTINS) return BUILTINS[t.v]!;
        if (['lambda', 'for', 'import', 'yield', 'await'].includes(t.v)) throw outside(`'${t.v}'`);
        throw new PyExprError(`name '${t.v}' is not defined (navstack's $(eval) knows the builtins str, int, float, bool, len, abs, min, max, round, sum, any, all, list, tuple, set, sorted and the math module)`);
      }
      case 'op': {
        if (t.v === '(') {
          const { items, trailingComma } = this.sequence(')', skip);
          return items.length === 1 && !trailingComma ? items[0]! : new PyTuple(items);
        }
        if (t.v === '[') return this.sequence(']', skip).items;
        if (t.v === '{') {
          const out: Record<string, Value> = {};
          while (!this.isOp('}')) {
            const k = this.expr(skip);
            this.expect(':');
            const v = this.expr(skip);
            if (!skip) out[pyValueStr(k)] = v;
            if (!this.isOp(',')) break;
            this.p++;
          }
          this.expect('}');
          return out as Value;
        }
        throw new PyExprError(`unexpected '${t.v}'`);
      }
      case 'end':
        throw new PyExprError('unexpected end of the expression');
    }
  }
}

/** Evaluates an expression as launch's $(eval) does and returns str() of the result. */
export function evalPython(expression: string, modules: readonly string[] = ['math']): string {
  const locals: Record<string, Value> = {};
  for (const m of modules) {
    if (m !== 'math') throw outside(`the module '${m}'`);
    Object.assign(locals, MATH);
    locals.math = new Module('math', MATH);
  }
  const v = new Evaluator(tokenize(expression), locals).run();
  return pyValueStr(v);
}

export { pyFloatRepr };
