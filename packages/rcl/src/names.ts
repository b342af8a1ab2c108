// ROS 2 name validation, expansion and remapping (design article "Topic and Service name mapping to DDS").

export class NameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NameError';
  }
}

const TOKEN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function validateNodeName(name: string): void {
  if (!TOKEN.test(name)) throw new NameError(`invalid node name '${name}': use letters, digits and underscores, not starting with a digit`);
}

export function normalizeNamespace(ns: string | undefined): string {
  if (!ns || ns === '/') return '/';
  const n = ('/' + ns.replace(/^\/+/, '')).replace(/\/+$/, '');
  for (const t of n.split('/').slice(1)) {
    if (!TOKEN.test(t)) throw new NameError(`invalid namespace '${ns}': token '${t}' is not a valid name`);
  }
  return n;
}

export function joinNamespace(parent: string, child: string | undefined): string {
  if (!child) return normalizeNamespace(parent);
  if (child.startsWith('/')) return normalizeNamespace(child);
  return normalizeNamespace(`${normalizeNamespace(parent)}/${child}`);
}

/** Expands a topic or service name for a node: relative names go under its namespace, '~' is the node's private namespace. */
export function expandTopicName(name: string, nodeName: string, namespace: string): string {
  if (name.length === 0) throw new NameError('topic name must not be empty');
  let expanded: string;
  if (name === '~' || name.startsWith('~/')) {
    const base = namespace === '/' ? `/${nodeName}` : `${namespace}/${nodeName}`;
    expanded = base + name.slice(1);
  } else if (name.startsWith('/')) expanded = name;
  else expanded = namespace === '/' ? `/${name}` : `${namespace}/${name}`;
  const tokens = expanded.split('/').slice(1);
  for (const t of tokens) {
    if (!/^[A-Za-z0-9_]+$/.test(t) || /^[0-9]/.test(t)) throw new NameError(`invalid topic name '${name}': token '${t}'`);
  }
  if (expanded.endsWith('/')) throw new NameError(`invalid topic name '${name}': must not end with '/'`);
  return expanded;
}

export interface RemapRule {
  from: string;
  to: string;
  /** Only for this node, as in `--ros-args -r node_name:from:=to`. */
  nodeName?: string;
}

/** Applies the first matching remap rule (rules are matched on fully-qualified names, as rcl does). */
export function remapName(fqName: string, rules: readonly RemapRule[], nodeName: string, namespace: string): string {
  for (const r of rules) {
    if (r.from === '__node' || r.from === '__ns' || r.from === '__name') continue;
    if (r.nodeName && r.nodeName !== nodeName) continue;
    if (expandTopicName(r.from, nodeName, namespace) === fqName) return expandTopicName(r.to, nodeName, namespace);
  }
  return fqName;
}
