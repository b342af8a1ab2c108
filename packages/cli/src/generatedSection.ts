// The generated part of a document (README tables, ARCHITECTURE.md's graph) between its begin and end markers,
// for the tests that keep it in step with the code; NAVSTACK_WRITE_DOCS=1 rewrites it first.
import fs from 'node:fs';

/** The text from `begin` through `end` in `file`, after writing `generated` there when NAVSTACK_WRITE_DOCS is set. */
export function generatedSection(file: string, begin: string, end: string, generated: string): string {
  const text = fs.readFileSync(file, 'utf8');
  const [a, b] = [text.indexOf(begin), text.indexOf(end)];
  if (a < 0 || b < a) throw new Error(`${file}: the markers ${begin} ... ${end} are missing or out of order`);
  if (process.env.NAVSTACK_WRITE_DOCS) fs.writeFileSync(file, text.slice(0, a) + generated + text.slice(b + end.length));
  const now = fs.readFileSync(file, 'utf8');
  return now.slice(now.indexOf(begin), now.indexOf(end) + end.length);
}
