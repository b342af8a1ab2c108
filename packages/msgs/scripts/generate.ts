// Generates src/generated/{definitions,types,schemas}.ts from definitions/**/*.msg|srv,
// the way rosidl generates language bindings from interface files.
// Run: npm run gen:msgs   (a test checks that the committed output is current)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@foxglove/rosmsg';
import type { MessageDefinitionField } from '@foxglove/message-definition';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const defsDir = path.join(root, 'definitions');

interface Interface {
  pkg: string;
  name: string;
  kind: 'msg' | 'srv';
  text: string;
}

function listInterfaces(): Interface[] {
  const out: Interface[] = [];
  for (const pkg of fs.readdirSync(defsDir).sort()) {
    for (const kind of ['msg', 'srv'] as const) {
      const dir = path.join(defsDir, pkg, kind);
      if (!fs.existsSync(dir)) continue;
      for (const file of fs.readdirSync(dir).sort()) {
        if (!file.endsWith(`.${kind}`)) continue;
        out.push({ pkg, name: file.slice(0, -kind.length - 1), kind, text: fs.readFileSync(path.join(dir, file), 'utf8') });
      }
    }
  }
  return out;
}

const interfaces = listInterfaces();
const msgTexts = new Map<string, string>(); // 'pkg/Name' -> own text
for (const i of interfaces) if (i.kind === 'msg') msgTexts.set(`${i.pkg}/${i.name}`, i.text);

const BUILTIN: Record<string, string> = { time: 'builtin_interfaces/Time', duration: 'builtin_interfaces/Duration' };

function parseOwn(text: string): MessageDefinitionField[] {
  // The parser reads builtin_interfaces/Time and Duration as ROS 1 primitives; they are messages in ROS 2.
  return parse(text, { ros2: true, skipTypeFixup: true })[0]!.definitions.map((f) =>
    BUILTIN[f.type] ? { ...f, type: BUILTIN[f.type]!, isComplex: true } : f,
  );
}

/** Resolves a field's type name to 'pkg/Name' as ROS 2 does: relative names are in the same package. */
function resolveComplex(type: string, pkg: string): string {
  if (type === 'Header') return 'std_msgs/Header';
  const full = type.includes('/') ? type.replace('/msg/', '/') : `${pkg}/${type}`;
  if (!msgTexts.has(full)) throw new Error(`unknown message type ${type} referenced from package ${pkg}`);
  return full;
}

/** Dependencies in first-use order, like `ros2 bag`'s (and gendeps') concatenated schema text. */
function dependencies(fields: MessageDefinitionField[], pkg: string, acc: string[] = []): string[] {
  for (const f of fields) {
    if (!f.isComplex || f.isConstant) continue;
    const dep = resolveComplex(f.type, pkg);
    if (acc.includes(dep)) continue;
    acc.push(dep);
    dependencies(parseOwn(msgTexts.get(dep)!), dep.split('/')[0]!, acc);
  }
  return acc;
}

const SEP = '================================================================================';
function fullText(ownText: string, pkg: string): string {
  const deps = dependencies(parseOwn(ownText), pkg);
  return [ownText.trimEnd(), ...deps.map((d) => `${SEP}\nMSG: ${d}\n${msgTexts.get(d)!.trimEnd()}`)].join('\n') + '\n';
}

const TYPED_ARRAYS: Record<string, string> = {
  float32: 'Float32Array',
  float64: 'Float64Array',
  int8: 'Int8Array',
  uint8: 'Uint8Array',
  byte: 'Uint8Array',
  char: 'Uint8Array',
  int16: 'Int16Array',
  uint16: 'Uint16Array',
  int32: 'Int32Array',
  uint32: 'Uint32Array',
  int64: 'BigInt64Array',
  uint64: 'BigUint64Array',
};
const NUMBER = new Set(['float32', 'float64', 'int8', 'uint8', 'byte', 'char', 'int16', 'uint16', 'int32', 'uint32']);
const BIGINT = new Set(['int64', 'uint64']);

function tsName(full: string): string {
  const [pkg, name] = full.split('/');
  return `${pkg}.${name}`;
}

function tsScalar(f: MessageDefinitionField, pkg: string): string {
  if (f.isComplex) return tsName(resolveComplex(f.type, pkg));
  if (f.type === 'bool') return 'boolean';
  if (f.type === 'string' || f.type === 'wstring') return 'string';
  if (NUMBER.has(f.type)) return 'number';
  if (BIGINT.has(f.type)) return 'bigint';
  throw new Error(`unsupported primitive ${f.type}`);
}

function tsField(f: MessageDefinitionField, pkg: string): string {
  if (f.isArray && !f.isComplex && TYPED_ARRAYS[f.type]) return TYPED_ARRAYS[f.type]!;
  const s = tsScalar(f, pkg);
  return f.isArray ? `${s}[]` : s;
}

function zodScalar(f: MessageDefinitionField, pkg: string): string {
  if (f.isComplex) return `z.lazy(() => ${schemaName(resolveComplex(f.type, pkg))})`;
  if (f.type === 'bool') return 'z.boolean()';
  if (f.type === 'string' || f.type === 'wstring') return f.upperBound ? `z.string().max(${f.upperBound})` : 'z.string()';
  if (f.type === 'float32' || f.type === 'float64') return 'z.number()';
  if (NUMBER.has(f.type)) return `intRange(${JSON.stringify(f.type)})`;
  if (BIGINT.has(f.type)) return 'z.bigint()';
  throw new Error(`unsupported primitive ${f.type}`);
}

function zodField(f: MessageDefinitionField, pkg: string): string {
  let s: string;
  if (f.isArray && !f.isComplex && TYPED_ARRAYS[f.type]) s = `z.instanceof(${TYPED_ARRAYS[f.type]})`;
  else if (f.isArray) s = `z.array(${zodScalar(f, pkg)})`;
  else return zodScalar(f, pkg);
  if (f.arrayLength !== undefined) s += `.refine((a) => a.length === ${f.arrayLength}, 'must have exactly ${f.arrayLength} elements')`;
  else if (f.arrayUpperBound !== undefined) s += `.refine((a) => a.length <= ${f.arrayUpperBound}, 'must have at most ${f.arrayUpperBound} elements')`;
  return s;
}

function schemaName(full: string): string {
  return full.replace('/', '_') + 'Schema';
}

const header = '// Generated by packages/msgs/scripts/generate.ts from packages/msgs/definitions. Do not edit.\n';

// ---- definitions.ts
let defs = header + '\n/** Full ROS 2 schema text (own definition, then dependencies), as `ros2 bag` writes into MCAP. */\n';
defs += 'export const MESSAGE_DEFINITIONS: Readonly<Record<string, string>> = {\n';
for (const i of interfaces.filter((i) => i.kind === 'msg')) {
  defs += `  ${JSON.stringify(`${i.pkg}/msg/${i.name}`)}: ${JSON.stringify(fullText(i.text, i.pkg))},\n`;
}
defs += '};\n\n/** Request and response schema text of each service. */\n';
defs += 'export const SERVICE_DEFINITIONS: Readonly<Record<string, { request: string; response: string }>> = {\n';
for (const i of interfaces.filter((i) => i.kind === 'srv')) {
  const [req, res] = i.text.split(/^---\s*$/m);
  defs += `  ${JSON.stringify(`${i.pkg}/srv/${i.name}`)}: { request: ${JSON.stringify(fullText(req ?? '', i.pkg))}, response: ${JSON.stringify(fullText(res ?? '', i.pkg))} },\n`;
}
defs += '};\n';

// ---- types.ts and schemas.ts
const byPkg = new Map<string, Interface[]>();
for (const i of interfaces) byPkg.set(i.pkg, [...(byPkg.get(i.pkg) ?? []), i]);

let types = header;
let schemas = header + "import { z } from 'zod';\nimport type * as T from './types.ts';\n\n";
schemas += `const INT_RANGES = { int8: [-128, 127], uint8: [0, 255], byte: [0, 255], char: [0, 255], int16: [-32768, 32767], uint16: [0, 65535], int32: [-2147483648, 2147483647], uint32: [0, 4294967295] } as const;\n`;
schemas += 'function intRange(t: keyof typeof INT_RANGES) {\n  const [lo, hi] = INT_RANGES[t];\n  return z.number().int().min(lo).max(hi);\n}\n\n';
const typeMap: string[] = [];
const serviceMap: string[] = [];
const schemaMap: string[] = [];

function interfaceBody(fields: MessageDefinitionField[], pkg: string, indent: string): string {
  return fields
    .filter((f) => !f.isConstant)
    .map((f) => `${indent}${f.name}: ${tsField(f, pkg)};\n`)
    .join('');
}
function schemaBody(fields: MessageDefinitionField[], pkg: string): string {
  return fields
    .filter((f) => !f.isConstant)
    .map((f) => `  ${f.name}: ${zodField(f, pkg)},\n`)
    .join('');
}
function tsTypeRef(full: string): string {
  return `T.${tsName(full)}`;
}

for (const [pkg, list] of byPkg) {
  types += `\nexport namespace ${pkg} {\n`;
  const consts: string[] = [];
  for (const i of list) {
    if (i.kind === 'msg') {
      const fields = parseOwn(i.text);
      types += `  export interface ${i.name} {\n${interfaceBody(fields, pkg, '    ')}  }\n`;
      const c = fields.filter((f) => f.isConstant);
      if (c.length) consts.push(`  ${i.name}: {\n${c.map((f) => `    ${f.name}: ${JSON.stringify(f.value)},\n`).join('')}  },\n`);
      typeMap.push(`  ${JSON.stringify(`${pkg}/msg/${i.name}`)}: ${pkg}.${i.name};`);
      const full = `${pkg}/${i.name}`;
      schemas += `export const ${schemaName(full)}: z.ZodType<${tsTypeRef(full)}> = z.strictObject({\n${schemaBody(fields, pkg)}});\n`;
      schemaMap.push(`  ${JSON.stringify(`${pkg}/msg/${i.name}`)}: ${schemaName(full)},`);
    } else {
      const [req, res] = i.text.split(/^---\s*$/m);
      const reqF = parseOwn(req ?? '');
      const resF = parseOwn(res ?? '');
      types += `  export interface ${i.name}_Request {\n${interfaceBody(reqF, pkg, '    ')}  }\n`;
      types += `  export interface ${i.name}_Response {\n${interfaceBody(resF, pkg, '    ')}  }\n`;
      serviceMap.push(`  ${JSON.stringify(`${pkg}/srv/${i.name}`)}: { request: ${pkg}.${i.name}_Request; response: ${pkg}.${i.name}_Response };`);
      for (const [suffix, f] of [['_Request', reqF], ['_Response', resF]] as const) {
        const full = `${pkg}/${i.name}${suffix}`;
        schemas += `export const ${schemaName(full)}: z.ZodType<T.${pkg}.${i.name}${suffix}> = z.strictObject({\n${schemaBody(f, pkg)}});\n`;
      }
    }
  }
  types += '}\n';
  if (consts.length) types += `/** Constants declared in ${pkg}'s definitions. */\nexport const ${pkg} = {\n${consts.join('')}} as const;\n`;
}
types += `\n/** Every message type navstack knows, by its ROS 2 name. */\nexport interface MessageTypeMap {\n${typeMap.join('\n')}\n}\n`;
types += `\n/** Every service type navstack knows, by its ROS 2 name. */\nexport interface ServiceTypeMap {\n${serviceMap.join('\n')}\n}\n`;
schemas += `\n/** zod schema of every message type, by its ROS 2 name. */\nexport const MESSAGE_SCHEMAS: { readonly [K in keyof T.MessageTypeMap]: z.ZodType<T.MessageTypeMap[K]> } = {\n${schemaMap.join('\n')}\n};\n`;

const outDir = path.join(root, 'src', 'generated');
fs.mkdirSync(outDir, { recursive: true });
const outputs: Record<string, string> = { 'definitions.ts': defs, 'types.ts': types, 'schemas.ts': schemas };
export const GENERATED = outputs;
if (process.argv.includes('--write')) {
  for (const [f, text] of Object.entries(outputs)) fs.writeFileSync(path.join(outDir, f), text);
  console.log(`wrote ${Object.keys(outputs).length} files to ${path.relative(process.cwd(), outDir)}`);
}
