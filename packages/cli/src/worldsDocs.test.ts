import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startPose, WORLDS_BEGIN, WORLDS_END, worldsTable } from './worldsDocs.ts';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

describe("the README's worlds table", () => {
  it('lists every bundled world\'s landmarks with instructions the shipped model understands (regenerate with NAVSTACK_WRITE_DOCS=1)', async () => {
    const text = fs.readFileSync(README, 'utf8');
    const [a, b] = [text.indexOf(WORLDS_BEGIN), text.indexOf(WORLDS_END)];
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
    const generated = await worldsTable();
    if (process.env.NAVSTACK_WRITE_DOCS) fs.writeFileSync(README, text.slice(0, a) + generated + text.slice(b + WORLDS_END.length));
    const now = fs.readFileSync(README, 'utf8');
    expect(now.slice(now.indexOf(WORLDS_BEGIN), now.indexOf(WORLDS_END) + WORLDS_END.length)).toBe(generated);
  });

  it('reads the start pose a world documents, and names the file that lacks one', () => {
    expect(startPose('w.sdf', '<!-- A room. Robot start: 0 -3.8 1.5708. -->')).toEqual({ x: 0, y: -3.8, yaw: 1.5708 });
    expect(() => startPose('worlds/w.sdf', '<sdf/>')).toThrow(/worlds\/w\.sdf: no "Robot start/);
  });
});
