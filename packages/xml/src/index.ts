// A small XML DOM that remembers where each element is, so that errors in SDF worlds and
// launch files can name the file and line.
import { SaxesParser } from 'saxes';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  /** Attribute positions are not tracked by saxes; the element's line stands for them. */
  line: number;
  column: number;
  children: XmlElement[];
  /** Concatenated text content directly inside this element (trimmed). */
  text: string;
  parent?: XmlElement;
}

export class XmlError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'XmlError';
  }
}

export function parseXml(source: string, file: string): XmlElement {
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attributes[k] = typeof v === 'string' ? v : v.value;
    const el: XmlElement = { name: tag.name, attributes, line: parser.line, column: parser.column, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) {
      el.parent = parent;
      parent.children.push(el);
    } else root = el;
    stack.push(el);
  });
  const addText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const el = stack.pop();
    if (el) el.text = el.text.trim();
  });
  try {
    parser.write(source).close();
  } catch (e) {
    // saxes messages start with "line:column: "
    const msg = (e as Error).message;
    const m = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec(msg);
    throw new XmlError(file, m ? Number(m[1]) : parser.line, `malformed XML: ${m ? m[3] : msg}`);
  }
  if (!root) throw new XmlError(file, 1, 'malformed XML: no root element');
  return root;
}

export function childElements(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

export function childElement(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}
