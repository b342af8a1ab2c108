import { describe, expect, it } from 'vitest';
import { EXECUTABLE_PACKAGES, EXECUTABLES } from './registry.ts';

describe('the CLI registry', () => {
  it('names every executable the packages provide, with their own node names and descriptions', async () => {
    const real = (await Promise.all(EXECUTABLE_PACKAGES.map((load) => load()))).flatMap((m) => m.executables);
    const meta = (e: { pkg: string; exec: string; defaultNodeName: string; description: string }) => ({ pkg: e.pkg, exec: e.exec, defaultNodeName: e.defaultNodeName, description: e.description });
    expect(EXECUTABLES.map(meta)).toEqual(real.map(meta));
  });
});
