import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generatedSection } from './generatedSection.ts';
import { startPose, WORLDS_BEGIN, WORLDS_END, worldsTable } from './worldsDocs.ts';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

describe("the README's worlds table", () => {
  it('lists every bundled world\'s landmarks with instructions the shipped model understands (regenerate with NAVSTACK_WRITE_DOCS=1)', async () => {
    const generated = await worldsTable();
    expect(generatedSection(README, WORLDS_BEGIN, WORLDS_END, generated)).toBe(generated);
  });

  it('reads the start pose a world documents, and names the file that lacks one', () => {
    expect(startPose('w.sdf', '<!-- A room. Robot start: 0 -3.8 1.5708. -->')).toEqual({ x: 0, y: -3.8, yaw: 1.5708 });
    expect(() => startPose('worlds/w.sdf', '<sdf/>')).toThrow(/worlds\/w\.sdf: no "Robot start/);
  });
});
