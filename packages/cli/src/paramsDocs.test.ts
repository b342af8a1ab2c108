import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generatedSection } from './generatedSection.ts';
import { PARAMS_BEGIN, PARAMS_END, parameterTables } from './paramsDocs.ts';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

describe("the README's parameter tables", () => {
  it('are the ones the nodes declare (regenerate with NAVSTACK_WRITE_DOCS=1)', async () => {
    const generated = await parameterTables();
    expect(generatedSection(README, PARAMS_BEGIN, PARAMS_END, generated)).toBe(generated);
  });
});
