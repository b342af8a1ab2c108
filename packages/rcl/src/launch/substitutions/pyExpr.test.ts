import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { evalPython, PyExprError } from './pyExpr.ts';

// Expressions of the kinds real launch files give $(eval) (Autoware, the ROS 2 docs), and the corners of
// Python's semantics they touch: str() of floats and bools, integer vs true division, rounding, chains.
const EXPRESSIONS = [
  "'fast' == 'fast'",
  "'a' != 'a' or 'b' in ['a', 'b']",
  "'true' == 'true' and not False",
  '3 * 2',
  '3 / 2',
  '7 // 2',
  '-7 // 2',
  '-7 % 3',
  '2 ** 10',
  '2 ** -1',
  '0.1 + 0.2',
  '1e16',
  '1e-5',
  '123456789.0 * 1000',
  '5.0',
  '10 / 5',
  'round(2.5)',
  'round(3.5)',
  'round(0.125, 2)',
  'round(math.degrees(pi / 4), 3)',
  'math.sqrt(2)',
  'math.radians(180)',
  'int(3.9)',
  "int(' 42 ')",
  "float('1.5')",
  'str(1.0)',
  'str(True) + str(None)',
  "'robot_' + str(3 + 1)",
  "'a' if 3 > 2 else 'b'",
  "1 if 0 else 2 if '' else 3",
  "','.join(['x', 'y']).upper()",
  "'a/b/c'.split('/')[1]",
  "'a/b'.split('/')[-1] if '/' in 'a/b' else ''",
  "'  pad '.strip()",
  "'Hello'.lower().startswith('he')",
  "'abc'[1:]",
  "'abc'[:-1]",
  '[1, 2, 3][1:]',
  'len([1, 2, 3]) > 2',
  "len('abc')",
  'max(1, 5, 3)',
  'min([4, 2, 8])',
  'abs(-2.5)',
  'sum([1, 2, 3])',
  '[1.0, 2, True]',
  "{'a': 1, 'b': 2}['b']",
  "('x', 'y')",
  '(1,)',
  '1, 2',
  '3 > 2 > 1',
  '1 < 2 < 1',
  "None is None",
  "'x' is not None",
  "sorted(['b', 'a'])",
  "list(set('ndt'.split('_')).intersection(['ndt', 'yabloc']))",
  "len(list(set('ndt_yabloc'.split('_')).intersection(['ndt', 'yabloc']))) > 1",
  'True + True',
  '-(-3)',
  'not 0',
  "bool('')",
];

/** str(eval(e)) for each expression, in one python3 process, with math as launch gives it. */
function python(exprs: string[]): (string | null)[] {
  const code = 'import json, math, sys\nfrom math import *\nout = []\nfor e in json.load(sys.stdin):\n    try:\n        out.append(str(eval(e)))\n    except Exception:\n        out.append(None)\nprint(json.dumps(out))';
  const r = spawnSync('python3', ['-c', code], { input: JSON.stringify(exprs), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as (string | null)[];
}

const hasPython = spawnSync('python3', ['--version']).status === 0;

describe('$(eval): a safe subset of Python expressions', () => {
  it.skipIf(!hasPython)('gives what Python itself gives for the expressions launch files use (python3 as the oracle)', () => {
    const want = python(EXPRESSIONS);
    const differ = EXPRESSIONS.flatMap((e, i) => {
      const got = evalPython(e);
      return got === want[i] ? [] : [`${e}: navstack ${got}, python ${want[i]}`];
    });
    expect(differ).toEqual([]);
  });

  it('refuses what is outside the subset, saying so, without running anything', () => {
    expect(() => evalPython("__import__('os').system('touch /tmp/x')")).toThrow(/name '__import__' is not defined/);
    expect(() => evalPython("open('/etc/passwd').read()")).toThrow(/name 'open' is not defined/);
    expect(() => evalPython('lambda: 1')).toThrow(/'lambda' is outside the Python subset/);
    expect(() => evalPython('[x for x in [1]]')).toThrow(/comprehensions is outside the Python subset/);
    expect(() => evalPython("f'{1}'")).toThrow(/f-string .* is outside the Python subset/);
    expect(() => evalPython("'a'.__class__")).toThrow(/str.__class__\(\) is outside/);
    expect(() => evalPython('1', ['os'])).toThrow(/the module 'os' is outside/);
    expect(() => evalPython("'%d' % 1")).toThrow(/'%' string formatting is outside/);
  });

  it('reports Python errors as Python would', () => {
    expect(() => evalPython('1 / 0')).toThrow(PyExprError);
    expect(() => evalPython("int('x')")).toThrow(/invalid literal for int\(\) with base 10: 'x'/);
    expect(() => evalPython("'a' + 1")).toThrow(/unsupported operand types for \+: 'str' and 'int'/);
    expect(() => evalPython('(1')).toThrow(/expected '\)'/);
  });

  it('evaluates the condition of `a if c else b` first, as Python does', () => {
    expect(evalPython("int('x') if False else 0")).toBe('0');
  });
});
