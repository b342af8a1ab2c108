// The substitution syntax of ROS 2 launch files, as launch's frontend grammar (launch/frontend/grammar.lark)
// defines it: `$(name arg arg)`, arguments separated by one space, quoted arguments ('...' or "...") that
// may hold spaces and further substitutions, and backslash escapes in plain text.
import { LaunchError, type Where } from '../types.ts';

/** Plain text or one substitution; a value is the concatenation of its parts. */
export type Part = { text: string } | { sub: string; args: Part[][] };
export type Template = Part[];

type Quote = '' | "'" | '"';

const IDENTIFIER = /[A-Za-z][A-Za-z0-9_-]*/y;

/** Parses text that may hold substitutions; errors name the file, line and column in the text. */
export function parseTemplate(text: string, where: Where): Template {
  if (text === '') return [{ text: '' }];
  const p = new TemplateParser(text, where);
  const out = p.fragments('');
  if (p.i !== text.length) p.fail(`unexpected '${text[p.i]}'`);
  return out;
}

/** True when the text has no substitution: a template of one text part. */
export function isPlainText(t: Template): t is [{ text: string }] {
  return t.length === 1 && 'text' in t[0]!;
}

class TemplateParser {
  i = 0;
  constructor(
    readonly s: string,
    readonly where: Where,
  ) {}

  fail(detail: string): never {
    throw new LaunchError(this.where, `bad substitution syntax in '${this.s}' at column ${this.i + 1}: ${detail}`);
  }

  private atSubstitution(): boolean {
    return this.s.startsWith('$(', this.i) && !(this.i > 0 && this.s[this.i - 1] === '\\');
  }

  /** A template: text and substitutions up to the closing quote (or the end for an unquoted one). */
  fragments(quote: Quote): Part[] {
    const parts: Part[] = [];
    let text = '';
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (quote && c === quote) break;
      if (this.atSubstitution()) {
        if (text) parts.push({ text: unescape(text) });
        text = '';
        parts.push(this.substitution(quote));
        continue;
      }
      if (c === '\\' && this.i + 1 < this.s.length) {
        text += c + this.s[this.i + 1];
        this.i += 2;
        continue;
      }
      text += c;
      this.i++;
    }
    if (text) parts.push({ text: unescape(text) });
    return parts;
  }

  /** `$(name arg ...)`; inside a quoted template, arguments cannot be quoted again. */
  substitution(quote: Quote): Part {
    this.i += 2;
    IDENTIFIER.lastIndex = this.i;
    const m = IDENTIFIER.exec(this.s);
    if (!m) this.fail('a substitution starts with a name, as in $(var name)');
    this.i += m[0].length;
    const args: Part[][] = [];
    while (this.s[this.i] === ' ') {
      this.i++;
      args.push(this.value(quote));
    }
    if (this.s[this.i] !== ')') this.fail(this.i >= this.s.length ? `'$(${m[0]}' is not closed with ')'` : `arguments are separated by one space and end with ')'`);
    this.i++;
    return { sub: m[0], args };
  }

  /** One argument: a quoted template, or unquoted text and substitutions without spaces or parentheses. */
  value(quote: Quote): Part[] {
    const c = this.s[this.i];
    if (!quote && (c === "'" || c === '"')) {
      this.i++;
      const parts = this.fragments(c);
      if (this.s[this.i] !== c) this.fail(`the quoted argument is not closed with ${c}`);
      this.i++;
      // An empty quoted argument stays empty (no parts): $(equals) tells it apart, as launch does.
      return parts;
    }
    const parts: Part[] = [];
    let text = '';
    while (this.i < this.s.length) {
      const ch = this.s[this.i]!;
      if (this.atSubstitution()) {
        if (text) parts.push({ text: unescape(text) });
        text = '';
        parts.push(this.substitution(quote));
        continue;
      }
      if (ch === '\\' && this.i + 1 < this.s.length) {
        text += ch + this.s[this.i + 1];
        this.i += 2;
        continue;
      }
      if (ch === ' ' || ch === '(' || ch === ')' || ch === quote || (!quote && (ch === "'" || ch === '"'))) break;
      text += ch;
      this.i++;
    }
    if (text) parts.push({ text: unescape(text) });
    if (!parts.length) this.fail('empty argument (arguments are separated by exactly one space)');
    return parts;
  }
}

/** launch's replace_escaped_characters: a backslash keeps the next character as it is. */
function unescape(text: string): string {
  return text.replace(/\\(.)/gs, '$1');
}
