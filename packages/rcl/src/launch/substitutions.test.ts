import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LaunchError } from './types.ts';
import { packageResolver, parseSubstitutions, shlexSplit, substitute, type SubstitutionContext } from './substitutions.ts';
import { PyFloat, yamlFlow, yamlSafeLoad } from './substitutions/pyValue.ts';

const where = { file: '/robots/x.launch.xml', line: 7 };

function ctx(vars: Record<string, string> = {}, env: Record<string, string> = {}): SubstitutionContext {
  const pkgs = packageResolver('/repo', {});
  return { vars: new Map(Object.entries(vars)), env, file: where.file, ...pkgs, globalParams: [['use_sim_time', true]] };
}

const sub = (text: string, c = ctx()) => substitute(text, c, where);

describe('substitution syntax (launch/frontend/grammar.lark)', () => {
  it('takes quoted arguments with spaces and nested substitutions', () => {
    const c = ctx({ mode: 'fast', n: '3' });
    expect(sub("$(if $(var n) 'two words' \"other one\")", ctx({ n: 'true' }))).toBe('two words');
    expect(sub("$(eval \"'$(var mode)' == 'fast'\")", c)).toBe('True');
    expect(sub("$(eval '$(var n) * 2')", c)).toBe('6');
    expect(sub('a$(var mode)b-$(var n)', c)).toBe('afastb-3');
  });

  it('keeps a backslash-escaped character as it is, as launch does', () => {
    expect(sub('dollar \\$(var x) and \\\\ backslash')).toBe('dollar $(var x) and \\ backslash');
    expect(sub("$(eval '\\'a\\' + \\'b\\'')")).toBe('ab');
  });

  it('names file and line for bad syntax, unknown substitutions and wrong argument counts', () => {
    expect(() => parseSubstitutions('$(var x', where)).toThrow(/x\.launch\.xml:7: bad substitution syntax .* '\$\(var' is not closed/);
    expect(() => parseSubstitutions('$(var  x)', where)).toThrow(/separated by exactly one space/);
    expect(() => parseSubstitutions('$(nope x)', where)).toThrow(/x\.launch\.xml:7: unknown substitution '\$\(nope \.\.\.\)'/);
    expect(() => parseSubstitutions('$(var a b c)', where)).toThrow(/\$\(var\) takes 1 to 2 argument\(s\), got 3/);
    expect(() => parseSubstitutions('$(optenv HOME)', where)).toThrow(/no \$\(optenv \.\.\.\); write \$\(env NAME default\)/);
    // exposed by launch 3.4 but unusable there (its parser passes them a keyword the class does not take)
    expect(() => parseSubstitutions('$(any true false)', where)).toThrow(/fails in ROS 2 Jazzy's launch .* \$\(or a b\)/);
  });
});

describe('substitutions', () => {
  it('var and env with defaults; errors name the variable and what to do', () => {
    expect(sub('$(var missing fallback)')).toBe('fallback');
    expect(sub("$(env NAVSTACK_NOPE 'a default')")).toBe('a default');
    expect(sub('$(env HOME)', ctx({}, { HOME: '/home/u' }))).toBe('/home/u');
    expect(() => sub('$(var world)')).toThrow(/x\.launch\.xml:7: \$\(var\): launch argument 'world' is not set .* pass world:=value/);
    expect(() => sub('$(env NAVSTACK_NOPE)')).toThrow(/environment variable 'NAVSTACK_NOPE' is not set/);
  });

  it('equals and not-equals compare booleans and numbers by value, as launch does', () => {
    expect(sub('$(equals true 1)')).toBe('true');
    expect(sub('$(equals 3 3.0)')).toBe('true');
    expect(sub('$(equals a A)')).toBe('false');
    expect(sub('$(not-equals $(var m) slow)', ctx({ m: 'fast' }))).toBe('true');
    expect(sub('$(not yes)$(and true 1)$(or 0 false)')).toBe('falsetruefalse');
    expect(() => sub('$(not maybe)')).toThrow(/'maybe' is not a boolean/);
  });

  it('command, file-content, param, dirname and filename', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-subst-'));
    fs.writeFileSync(path.join(dir, 'robot.urdf'), '<robot name="r"/>');
    expect(sub(`$(file-content ${dir}/robot.urdf)`)).toBe('<robot name="r"/>');
    expect(sub("$(command 'echo -n hello world')", ctx({}, { PATH: process.env.PATH! }))).toBe('hello world');
    expect(() => sub("$(command 'sh -c \"echo oops >&2\"')", ctx({}, { PATH: process.env.PATH! }))).toThrow(/wrote to stderr .*'ignore', 'warn' or 'capture'.*oops/);
    expect(sub("$(command 'sh -c \"echo -n out; echo oops >&2\"' ignore)", ctx({}, { PATH: process.env.PATH! }))).toBe('out');
    expect(sub('$(param use_sim_time)')).toBe('True');
    expect(() => sub(`$(file-content ${dir}/none.urdf)`)).toThrow(/cannot read .*none\.urdf': ENOENT/);
    expect(sub('$(dirname) $(filename)')).toBe('/robots /robots/x.launch.xml');
    fs.rmSync(dir, { recursive: true });
  });

  it('shlexSplit splits as Python shlex does', () => {
    expect(shlexSplit(`a 'b c' "d \\"e\\"" f\\ g`)).toEqual(['a', 'b c', 'd "e"', 'f g']);
  });

  it('throws LaunchError for every failure', () => {
    expect(() => sub('$(find-pkg-share not_a_package)')).toThrow(LaunchError);
  });
});

describe('values as launch (PyYAML) types them', () => {
  it('reads YAML 1.1 scalars as PyYAML does', () => {
    expect(yamlSafeLoad('5.0')).toEqual(new PyFloat(5));
    expect(yamlSafeLoad('5')).toBe(5);
    expect(yamlSafeLoad('yes')).toBe(true);
    expect(yamlSafeLoad('y')).toBe('y');
    expect(yamlSafeLoad('1e5')).toBe('1e5');
    expect(yamlSafeLoad('1.0e+5')).toEqual(new PyFloat(100000));
    expect(yamlSafeLoad('0x1f')).toBe(31);
    expect(yamlSafeLoad('017')).toBe(15);
    expect(yamlSafeLoad("'1'")).toBe('1');
    expect(yamlSafeLoad('[1, a, 2.5]')).toEqual([1, 'a', new PyFloat(2.5)]);
  });

  it('writes values as YAML that reads back to the same type', () => {
    for (const v of [new PyFloat(5), 5, true, '1', '', 'yes', 'hello world', '1e5', 'a: b', [new PyFloat(1), new PyFloat(2.5)], ['a', 'b'], new PyFloat(1e16)]) {
      expect(yamlSafeLoad(yamlFlow(v))).toEqual(v);
    }
    expect(yamlFlow(new PyFloat(5))).toBe('5.0');
  });
});
