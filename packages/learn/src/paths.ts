import { fileURLToPath } from 'node:url';

/** The repository root (models/, config/, test/suites/ are resolved against it). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
