// Parameter values of launch files, typed as launch_ros types them (ParameterValue.evaluate: YAML rules, or
// the `type=` of a <param>), and read back from params files for composable nodes (to_parameters_list).
import fs from 'node:fs';
import { PyFloat, pyStr, yamlSafeLoad, YamlLoadError, type PyValue } from './substitutions/pyValue.ts';
import { substitute, type SubstitutionContext } from './substitutions.ts';
import { LaunchError, type ParamDataType, type ParamItem, type ParamValueSpec, type Where } from './types.ts';

/** A parameter value a node can hold: a scalar or a uniform list. */
export type TypedParam = boolean | number | PyFloat | string | (boolean | number | PyFloat | string)[];

const scalarType = (v: PyValue): string | undefined => (typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'int' : v instanceof PyFloat ? 'float' : typeof v === 'string' ? 'str' : undefined);

function checkValue(v: PyValue, name: string, where: Where): TypedParam {
  if (Array.isArray(v)) {
    const types = new Set(v.map(scalarType));
    if (types.has(undefined)) throw new LaunchError(where, `parameter '${name}': list items must be bool, int, float or str`);
    // launch (is_instance_of_valid_type) accepts lists of one type; ints and floats do not mix
    if (types.size > 1) throw new LaunchError(where, `parameter '${name}': the list mixes types (${[...types].join(', ')}); launch_ros needs items of one type`);
    return v as TypedParam;
  }
  if (scalarType(v) === undefined) throw new LaunchError(where, `parameter '${name}': the value ${v === null ? 'reads as null' : 'is a map'}; quote it if it is text`);
  return v as TypedParam;
}

/** launch's coerce_to_type(text, type) for evaluated substitutions (can_be_str=False). */
function coerce(text: string, type: ParamDataType | undefined, name: string, where: Where): PyValue {
  const scalar = type?.replace('list_of_', '');
  const bad = (what: string): never => {
    throw new LaunchError(where, `parameter '${name}': '${text}' ${what}`);
  };
  if (type === 'str') return text;
  if (type === 'int') return /^\s*[-+]?[\d_]+\s*$/.test(text) ? Number(text.replace(/_/g, '')) : bad('is not an int');
  if (type === 'float') return /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$|^\s*[-+]?(inf|nan)\s*$/i.test(text) ? new PyFloat(Number(text.trim().replace(/inf/i, 'Infinity'))) : bad('is not a float');
  if (text === '') return '';
  let v: PyValue;
  try {
    v = yamlSafeLoad(type === 'bool' ? (text === '1' ? 'true' : text === '0' ? 'false' : text) : text);
  } catch (e) {
    if (e instanceof YamlLoadError) return bad(`is not valid YAML (${e.message}); quote it for text`);
    throw e;
  }
  if (type === 'bool' && typeof v !== 'boolean') return bad('is not a bool');
  if (type?.startsWith('list_of_')) {
    if (!Array.isArray(v)) return bad(`is not a list of ${scalar}`);
    for (const x of v) if (scalarType(x) !== scalar && !(scalar === 'float' && typeof x === 'number')) bad(`is not a list of ${scalar}`);
    return scalar === 'float' ? v.map((x) => (typeof x === 'number' ? new PyFloat(x) : x)) : v;
  }
  return v;
}

function item(i: ParamItem, type: ParamDataType | undefined, name: string, ctx: SubstitutionContext, where: Where): PyValue {
  if ('value' in i) return i.value;
  return coerce(substitute(i.sub, ctx, where), type?.replace('list_of_', '') as ParamDataType | undefined, name, where);
}

/** ParameterValue.evaluate for a `<param>` value. */
export function evaluateParamValue(spec: ParamValueSpec, type: ParamDataType | undefined, name: string, ctx: SubstitutionContext, where: Where): TypedParam {
  if ('list' in spec) return checkValue(spec.list.map((i) => item(i, type, name, ctx, where)), name, where);
  if ('value' in spec.scalar) return checkValue(spec.scalar.value, name, where);
  return checkValue(coerce(substitute(spec.scalar.sub, ctx, where), type, name, where), name, where);
}

/** SetParameter's value: evaluate_parameter_dict on a substitution (empty text is ''). */
export function evaluateGlobalParam(text: string, name: string, where: Where): TypedParam {
  let v: PyValue;
  try {
    v = yamlSafeLoad(text === '' ? "''" : text);
  } catch (e) {
    if (e instanceof YamlLoadError) throw new LaunchError(where, `parameter '${name}': '${text}' is not valid YAML; quote it for text`);
    throw e;
  }
  return checkValue(v, name, where);
}

/** What `-p name:=value` from set_parameter holds: launch_ros writes Python's str() of the value. */
export function globalParamText(v: TypedParam): string {
  if (Array.isArray(v)) return `(${v.map((x) => pyReprItem(x)).join(', ')}${v.length === 1 ? ',' : ''})`;
  return pyStr(v);
}

function pyReprItem(x: boolean | number | PyFloat | string): string {
  return typeof x === 'string' ? `'${x.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : pyStr(x);
}

/**
 * Parameters a params file gives a composable node, as launch_ros's to_parameters_list reads them: the
 * file's `**` block, then its own `ns/name` block; undefined when the file gives it none (launch_ros then
 * sends the previous source's parameters again), and the file's top level itself when it has no
 * `ros__parameters` at all.
 */
export function composableParamsFromFile(file: string, nodeKey: string, where: Where): [string, TypedParam][] | undefined {
  let doc: PyValue;
  try {
    doc = yamlSafeLoad(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new LaunchError(where, `params file ${file}: ${(e as Error).message}`);
  }
  const isMap = (d: PyValue): d is { [k: string]: PyValue } => d !== null && typeof d === 'object' && !Array.isArray(d) && !(d instanceof PyFloat);
  const blocks: Record<string, { [k: string]: PyValue }> = {};
  const walk = (d: PyValue, keys: string[]) => {
    if (!isMap(d)) return;
    for (const [k, v] of Object.entries(d)) {
      if (k === 'ros__parameters') {
        blocks[keys.join('/')] = isMap(v) ? v : {};
        return;
      }
      if (isMap(v)) walk(v, [...keys, k.replace(/^\/+/, '')]);
    }
  };
  walk(doc, []);
  let dict: { [k: string]: PyValue } = isMap(doc) ? doc : {};
  if (Object.keys(blocks).length) dict = { ...(blocks['**'] ?? {}), ...(blocks[nodeKey] ?? {}) };
  if (!Object.keys(dict).length) return undefined;
  const out: [string, TypedParam][] = [];
  const flatten = (d: { [k: string]: PyValue }, prefix: string) => {
    for (const [k, v] of Object.entries(d)) {
      if (isMap(v)) flatten(v, `${prefix}${k}.`);
      else out.push([prefix + k, checkValue(v, prefix + k, where)]);
    }
  };
  flatten(dict, '');
  return out;
}
