import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PARAMS_BEGIN, PARAMS_END, parameterTables } from './paramsDocs.ts';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

describe("the README's parameter tables", () => {
  it('are the ones the nodes declare (regenerate with NAVSTACK_WRITE_DOCS=1)', async () => {
    const text = fs.readFileSync(README, 'utf8');
    const [a, b] = [text.indexOf(PARAMS_BEGIN), text.indexOf(PARAMS_END)];
    expect(a).toBeGreaterThan(0);
    const generated = await parameterTables();
    if (process.env.NAVSTACK_WRITE_DOCS) fs.writeFileSync(README, text.slice(0, a) + generated + text.slice(b + PARAMS_END.length));
    expect(fs.readFileSync(README, 'utf8').slice(a, fs.readFileSync(README, 'utf8').indexOf(PARAMS_END) + PARAMS_END.length)).toBe(generated);
  });
});
