// ROS 2 type hashes (REP-2011, RIHS01): the sha256 of a type's description — its fields and every type it
// references — as rosidl_generator_type_description serializes it. ROS 2 Jazzy puts them on the graph
// (`ros2 topic info -v`) and rosbag2 writes them into bags (`topic_type_hash`).
import { createHash } from 'node:crypto';
import { canonicalTypeName, definitionText } from './registry.ts';

interface FieldType {
  type_id: number;
  capacity: number;
  string_capacity: number;
  nested_type_name: string;
}
interface TypeDescription {
  type_name: string;
  fields: { name: string; type: FieldType }[];
}

// type_description_interfaces/msg/FieldType.msg; a .msg `char` is uint8 and `byte` an octet (rosidl_adapter).
const PRIMITIVE_IDS: Record<string, number> = {
  int8: 2, uint8: 3, char: 3, int16: 4, uint16: 5, int32: 6, uint32: 7, int64: 8, uint64: 9,
  float32: 10, float64: 11, bool: 15, byte: 16, string: 17, wstring: 18,
};
const NESTED = 1;
const BOUNDED_STRING = 21;
const BOUNDED_WSTRING = 22;
const ARRAY = 48;
const BOUNDED_SEQUENCE = 96;
const UNBOUNDED_SEQUENCE = 144;

/** The fields of one .msg section (constants and comments dropped), with type names made canonical. */
function parseSection(typeName: string, text: string): TypeDescription {
  const pkg = typeName.split('/')[0]!;
  const fields: TypeDescription['fields'] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const m = /^(\S+)\s+([A-Za-z][A-Za-z0-9_]*)\s*(=)?/.exec(line);
    if (!m) throw new Error(`${typeName}: cannot read the field '${line}'`);
    if (m[3]) continue; // a constant
    const [, typeText, name] = m;
    const arr = /^(.*?)\[(<=)?(\d*)\]$/.exec(typeText!);
    const base = arr ? arr[1]! : typeText!;
    let offset = 0;
    let capacity = 0;
    if (arr) {
      offset = arr[3] === '' ? UNBOUNDED_SEQUENCE : arr[2] ? BOUNDED_SEQUENCE : ARRAY;
      capacity = arr[3] === '' ? 0 : Number(arr[3]);
    }
    const bounded = /^(w?string)<=(\d+)$/.exec(base);
    let type: FieldType;
    if (bounded) {
      type = { type_id: (bounded[1] === 'string' ? BOUNDED_STRING : BOUNDED_WSTRING) + offset, capacity, string_capacity: Number(bounded[2]), nested_type_name: '' };
    } else if (base in PRIMITIVE_IDS) {
      type = { type_id: PRIMITIVE_IDS[base]! + offset, capacity, string_capacity: 0, nested_type_name: '' };
    } else {
      const nested = base.includes('/') ? canonicalTypeName(base) : base === 'Header' ? 'std_msgs/msg/Header' : `${pkg}/msg/${base}`;
      type = { type_id: NESTED + offset, capacity, string_capacity: 0, nested_type_name: nested };
    }
    fields.push({ name: name!, type });
  }
  // IDL has no empty structs: rosidl gives a field-less message this one uint8 member (and hashes it).
  if (fields.length === 0) fields.push({ name: 'structure_needs_at_least_one_member', type: { type_id: PRIMITIVE_IDS.uint8!, capacity: 0, string_capacity: 0, nested_type_name: '' } });
  return { type_name: typeName, fields };
}

/** Every section of a type's schema text (its own first), by canonical type name. */
function descriptions(type: string): Map<string, TypeDescription> {
  const root = canonicalTypeName(type);
  const sections = definitionText(root).split(/\n?={80}\n/);
  const out = new Map<string, TypeDescription>();
  sections.forEach((section, i) => {
    if (i === 0) out.set(root, parseSection(root, section));
    else {
      const m = /^MSG: (\S+)\n/.exec(section);
      if (!m) throw new Error(`${root}: a dependency section has no 'MSG:' line`);
      const name = canonicalTypeName(m[1]!);
      out.set(name, parseSection(name, section.slice(m[0].length)));
    }
  });
  return out;
}

const cache = new Map<string, string>();

/** The RIHS01 type hash of a message type, e.g. `RIHS01_64ce5574...` for sensor_msgs/msg/LaserScan. */
export function typeHash(type: string): string {
  const root = canonicalTypeName(type);
  let hash = cache.get(root);
  if (hash) return hash;
  const all = descriptions(root);
  const referenced = new Map<string, TypeDescription>();
  const visit = (d: TypeDescription) => {
    for (const f of d.fields) {
      const n = f.type.nested_type_name;
      if (!n || referenced.has(n)) continue;
      const nested = all.get(n);
      if (!nested) throw new Error(`${root}: the schema text has no definition of ${n}`);
      referenced.set(n, nested);
      visit(nested);
    }
  };
  visit(all.get(root)!);
  const description = {
    type_description: all.get(root)!,
    referenced_type_descriptions: [...referenced.values()].sort((a, b) => (a.type_name < b.type_name ? -1 : a.type_name > b.type_name ? 1 : 0)),
  };
  hash = `RIHS01_${createHash('sha256').update(pythonJson(description)).digest('hex')}`;
  cache.set(root, hash);
  return hash;
}

/** json.dumps(value, separators=(', ', ': '), ensure_ascii=True), as rosidl hashes it. */
function pythonJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pythonJson).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${pythonJson(k)}: ${pythonJson(x)}`).join(', ')}}`;
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return JSON.stringify(v);
}
