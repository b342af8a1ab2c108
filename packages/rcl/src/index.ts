export * from './interfaces.ts';
export * from './qos.ts';
export * from './names.ts';
export * from './params.ts';
export { ParameterStore } from './parameters.ts';
export * from './logger.ts';
export * from './init.ts';
export { LocalContext } from './local/LocalContext.ts';
export { ServiceUnavailableError } from './local/ServiceRegistry.ts';
