import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED } from '../scripts/generate.ts';

describe('generated bindings', () => {
  it('are current with definitions/ (run `npm run gen:msgs` after editing a .msg file)', () => {
    for (const [file, text] of Object.entries(GENERATED)) {
      expect(fs.readFileSync(path.join(import.meta.dirname, 'generated', file), 'utf8'), file).toBe(text);
    }
  });
});
