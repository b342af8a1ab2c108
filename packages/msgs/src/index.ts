export * from './generated/types.ts';
export * from './generated/schemas.ts';
export * from './registry.ts';
export * from './cdr.ts';
export * from './json.ts';
export * from './time.ts';
export { typeHash } from './typeHash.ts';
