import { coerceParam, inferParamType, ParameterError, type ParamDescriptor, type ParamType, type ParamValue } from './params.ts';
import type { ParameterEvent } from './interfaces.ts';

interface Declared {
  value: ParamValue;
  type: ParamType;
  descriptor: ParamDescriptor;
}

/** A node's parameters: declaration with overrides, typed get/set, change listeners. Shared by both backends. */
export class ParameterStore {
  readonly #declared = new Map<string, Declared>();
  readonly #listeners: ((e: ParameterEvent) => void)[] = [];
  constructor(
    readonly nodeName: string,
    readonly overrides: Record<string, ParamValue>,
  ) {}

  declare<V extends ParamValue>(name: string, defaultValue: V, descriptor: ParamDescriptor = {}): V {
    if (this.#declared.has(name)) throw new ParameterError(`parameter '${name}' of node ${this.nodeName} is already declared`);
    const type = descriptor.type ?? inferParamType(defaultValue);
    const value = Object.hasOwn(this.overrides, name) ? coerceParam(name, type, this.overrides[name], descriptor) : coerceParam(name, type, defaultValue, descriptor);
    this.#declared.set(name, { value, type, descriptor });
    return value as V;
  }

  get(name: string): ParamValue {
    const d = this.#declared.get(name);
    if (!d) throw new ParameterError(`parameter '${name}' is not declared on node ${this.nodeName}`);
    return d.value;
  }

  has(name: string): boolean {
    return this.#declared.has(name);
  }

  /** A declared parameter's type and descriptor. */
  describe(name: string): { type: ParamType; descriptor: ParamDescriptor } | undefined {
    const d = this.#declared.get(name);
    return d && { type: d.type, descriptor: d.descriptor };
  }

  /** Why `value` cannot be set on `name` (undeclared, read-only, wrong type, out of range), or undefined. */
  rejection(name: string, value: ParamValue): string | undefined {
    const d = this.#declared.get(name);
    if (!d) return `parameter '${name}' is not declared on node ${this.nodeName}`;
    // A value that could never be taken says why first; a good value for a read-only parameter says where to set it.
    try {
      coerceParam(name, d.type, value, d.descriptor);
    } catch (e) {
      return (e as Error).message;
    }
    if (d.descriptor.readOnly) return `parameter '${name}' of node ${this.nodeName} is read-only (set it at launch, in a params file or with -p)`;
    return undefined;
  }

  set(name: string, value: ParamValue): void {
    const d = this.#declared.get(name);
    if (!d) throw new ParameterError(`parameter '${name}' is not declared on node ${this.nodeName}`);
    const why = this.rejection(name, value);
    if (why) throw new ParameterError(why);
    d.value = coerceParam(name, d.type, value, d.descriptor);
    for (const l of this.#listeners) l({ name, value: d.value });
  }

  onChange(listener: (e: ParameterEvent) => void): void {
    this.#listeners.push(listener);
  }

  all(): Record<string, ParamValue> {
    return Object.fromEntries([...this.#declared.entries()].map(([k, d]) => [k, d.value]));
  }

  /** Overrides given for parameters the node never declared: usually a typo in a launch or params file. */
  undeclaredOverrides(): string[] {
    return Object.keys(this.overrides).filter((k) => !this.#declared.has(k));
  }
}
