// The README's commands, run as written: a command a new user copies must work.
//
// Which commands, by a rule the README states too:
// - every line of a ```bash block that starts with `npx navstack`, unless the line carries a `# long: why`
//   comment (training at full scale, the held-out evaluation);
// - the example of every row of the command table (`| command | what it does | example | takes |`), unless its
//   "takes" cell says "until Ctrl-C" (launch, run, teleop: startup.test.ts, teleop.test.ts and the browser tests
//   drive those) or is given in minutes.
// What is skipped shows up as a skipped test named with the command and why, never silently. Other lines of the
// bash blocks are not navstack commands (npm ci, npm start, ros2, colcon, source): installing, running until Ctrl-C
// or needing ROS 2, they are what `.ci/run` and the ROS 2 suite run.
//
// The commands run once each, in the README's order (record writes data/quick, which train and bag info read),
// in bash, from a scratch folder that links the checkout's files: what they write (data/, models/quick.*,
// reports/) stays out of the checkout, and a data/ or reports/ of the user's does not change what they see.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const TABLE_HEADER = '| command | what it does | example | takes |';

interface Command {
  text: string;
  /** Why it is not run (absent: it is run). */
  skip?: string;
}

/** The README's navstack commands in document order, each once. */
function readmeCommands(readme: string): Command[] {
  const found: { at: number; command: Command }[] = [];
  for (const block of readme.matchAll(/^```bash\n([\s\S]*?)^```/gm)) {
    for (const line of block[1]!.split('\n')) {
      const t = line.trim();
      if (!t.startsWith('npx navstack')) continue;
      const long = /\s#\s*long:\s*(.*)$/.exec(t);
      found.push({ at: block.index! + block[0].indexOf(line), command: { text: t.replace(/\s+#.*$/, ''), skip: long ? `long: ${long[1]}` : undefined } });
    }
  }
  const table = readme.indexOf(TABLE_HEADER);
  if (table >= 0) {
    let at = readme.indexOf('\n', table) + 1;
    for (const row of readme.slice(at).split('\n')) {
      if (!row.startsWith('|')) break;
      const cells = row.split(' | ');
      const example = /`(npx navstack[^`]*)`/.exec(cells[2] ?? '');
      if (example) {
        const takes = (cells[3] ?? '').replace(/\|\s*$/, '').trim();
        const skip = /ctrl-c|\bmin\b/i.test(takes) ? takes : undefined;
        found.push({ at, command: { text: example[1]!, skip } });
      }
      at += row.length + 1;
    }
  }
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  return found.map((f) => f.command).filter((c) => !seen.has(c.text) && seen.add(c.text));
}

/** A folder whose entries link the checkout's, except what the commands write into. */
function scratchCheckout(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-readme-'));
  for (const e of fs.readdirSync(ROOT)) {
    if (['.git', 'data', 'reports', 'artifacts', 'models'].includes(e)) continue;
    fs.symlinkSync(path.join(ROOT, e), path.join(dir, e));
  }
  fs.mkdirSync(path.join(dir, 'models'));
  for (const f of fs.readdirSync(path.join(ROOT, 'models'))) fs.symlinkSync(path.join(ROOT, 'models', f), path.join(dir, 'models', f));
  return dir;
}

const commands = readmeCommands(README);
const cwd = scratchCheckout();
afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

describe("the README's commands, as written", () => {
  it('extracts by the rule: bash lines starting with npx navstack, table examples; long ones skipped with the reason', () => {
    const sample = [
      '```bash', 'npm ci && npm start', 'npx navstack record --out d --episodes 2', 'npx navstack train --data d --out m.onnx  # long: 15 min', '```',
      TABLE_HEADER, '|---|---|---|---|',
      '| `launch` | start | `npx navstack launch x.xml` | until Ctrl-C |',
      '| `record` | record | `npx navstack record --out d --episodes 2` | seconds |',
      '| `bag` | show | `npx navstack bag info d/e.mcap` (after record) | seconds |',
    ].join('\n');
    expect(readmeCommands(sample)).toEqual([
      { text: 'npx navstack record --out d --episodes 2', skip: undefined },
      { text: 'npx navstack train --data d --out m.onnx', skip: 'long: 15 min' },
      { text: 'npx navstack launch x.xml', skip: 'until Ctrl-C' },
      { text: 'npx navstack bag info d/e.mcap', skip: undefined },
    ]);
  });

  it('finds the help, record, train, eval, bag and bench examples, and what it skips says why', () => {
    const run = commands.filter((c) => !c.skip).map((c) => c.text.split(' ')[2]);
    for (const c of ['--help', 'record', 'train', 'eval', 'bag', 'bench']) expect(run).toContain(c);
    for (const c of commands.filter((c) => c.skip)) expect(c.skip).toMatch(/\S/);
  });

  for (const c of commands) {
    if (c.skip) {
      it.skip(`${c.text}  (${c.skip})`, () => {});
      continue;
    }
    it(c.text, () => {
      const r = spawnSync('bash', ['-c', c.text], { cwd, encoding: 'utf8', timeout: 300_000 });
      expect(r.status, `${c.text} exited ${r.status ?? r.signal}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`).toBe(0);
    }, 320_000);
  }
});
