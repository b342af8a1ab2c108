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

export interface ParseXmlOptions {
  /**
   * Accept what tinyxml2 (the XML parser of libsdformat, hence Gazebo) accepts and strict XML rejects:
   * `--` inside comments, and whitespace before the XML declaration. Off for launch files, which ROS 2
   * reads with a strict parser.
   */
  tinyxml2?: boolean;
}

export function parseXml(source: string, file: string, options: ParseXmlOptions = {}): XmlElement {
  if (options.tinyxml2) source = asTinyxml2Reads(source);
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

/**
 * The source with what tinyxml2 tolerates made strict, keeping every character's line and column: the
 * body of each comment (up to the first `-->`, as tinyxml2 ends it) loses its hyphens, and a declaration
 * after leading whitespace is blanked out.
 */
function asTinyxml2Reads(source: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const comment = source.indexOf('<!--', at);
    const cdata = source.indexOf('<![CDATA[', at);
    if (cdata >= 0 && (comment < 0 || cdata < comment)) {
      const end = source.indexOf(']]>', cdata);
      const stop = end < 0 ? source.length : end + 3;
      out += source.slice(at, stop);
      at = stop;
      continue;
    }
    if (comment < 0) break;
    const end = source.indexOf('-->', comment + 4);
    if (end < 0) break; // unterminated: the strict parser reports it
    out += source.slice(at, comment + 4) + source.slice(comment + 4, end).replace(/-/g, ' ') + '-->';
    at = end + 3;
  }
  out += source.slice(at);
  const decl = /^(\uFEFF?\s+)(<\?xml[^>]*\?>)/.exec(out);
  if (decl) out = decl[1] + decl[2].replace(/[^\n]/g, ' ') + out.slice(decl[0].length);
  return out;
}

export function childElements(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

export function childElement(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}
