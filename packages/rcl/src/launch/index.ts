export * from './types.ts';
export * from './parseLaunch.ts';
export * from './substitutions.ts';
export * from './evaluate.ts';
export * from './rosArgs.ts';
export * from './LaunchRunner.ts';
