import path from 'node:path';

/** The repository root: $(find-pkg-share navstack) in launch files. */
export const NAVSTACK_ROOT = path.resolve(import.meta.dirname, '../../..');
