// Client messages reach the robot: a NaN, an infinity (JSON 1e400, or a CBOR float) or a null (how
// JSON writes NaN) is refused at the edge, naming the field, instead of becoming a velocity.

const MAX_DEPTH = 64;

/** Returns why the value holds a non-finite number or a null (with the field path), or undefined. */
export function nonFiniteField(value: unknown, path = '', depth = 0): string | undefined {
  if (value === null) return `field '${path || '(message)'}' is null (NaN or a missing value?): give a finite number or leave the field out`;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `field '${path}' is ${value}: only finite numbers are accepted`;
  if (typeof value !== 'object') return undefined;
  if (depth > MAX_DEPTH) return `field '${path}' is nested more than ${MAX_DEPTH} levels deep`;
  if (ArrayBuffer.isView(value)) {
    if (value instanceof Float32Array || value instanceof Float64Array) {
      for (let i = 0; i < value.length; i++) if (!Number.isFinite(value[i]!)) return `field '${path}[${i}]' is ${value[i]}: only finite numbers are accepted`;
    }
    return undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const why = nonFiniteField(value[i], `${path}[${i}]`, depth + 1);
      if (why) return why;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(value)) {
    const why = nonFiniteField(v, path ? `${path}.${k}` : k, depth + 1);
    if (why) return why;
  }
  return undefined;
}
