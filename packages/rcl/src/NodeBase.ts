import type { Time } from '@navstack/msgs';
import type { Clock, Logger, ParameterEvent } from './interfaces.ts';
import { createLogger } from './logger.ts';
import { normalizeNamespace, validateNodeName } from './names.ts';
import type { ParamDescriptor, ParamValue } from './params.ts';
import { ParameterStore } from './parameters.ts';

/** What every backend's Node shares: its names, its parameters and its logger. */
export abstract class NodeBase {
  readonly name: string;
  readonly namespace: string;
  /** '/ns/name' */
  readonly fullyQualifiedName: string;
  protected readonly params: ParameterStore;
  protected readonly logger: Logger;

  constructor(name: string, namespace: string | undefined, overrides: Record<string, ParamValue>) {
    validateNodeName(name);
    this.name = name;
    this.namespace = normalizeNamespace(namespace);
    this.fullyQualifiedName = this.namespace === '/' ? `/${name}` : `${this.namespace}/${name}`;
    this.params = new ParameterStore(this.fullyQualifiedName, overrides);
    this.logger = createLogger(this.fullyQualifiedName.slice(1).replaceAll('/', '.'));
  }

  abstract getClock(): Clock;

  now(): Time {
    return this.getClock().now();
  }
  getLogger(): Logger {
    return this.logger;
  }
  declareParameter<V extends ParamValue>(name: string, defaultValue: V, descriptor?: ParamDescriptor): V {
    return this.params.declare(name, defaultValue, descriptor);
  }
  getParameter(name: string): ParamValue {
    return this.params.get(name);
  }
  hasParameter(name: string): boolean {
    return this.params.has(name);
  }
  setParameter(name: string, value: ParamValue): void {
    this.params.set(name, value);
  }
  onParameterChange(listener: (event: ParameterEvent) => void): void {
    this.params.onChange(listener);
  }
  parameters(): Record<string, ParamValue> {
    return this.params.all();
  }
}
