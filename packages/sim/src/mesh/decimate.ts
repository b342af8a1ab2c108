// Fewer triangles for viewers: vertex clustering (every vertex snapped to a grid of `cell` metres; triangles
// that collapse are dropped). Coarse but fast and robust on any triangle soup; sensors never use it.

/** The triangles (9 numbers each) of `positions` with vertices snapped to a `cell` grid, collapsed ones dropped. */
export function clusterVertices(positions: Float32Array, cell: number): Float32Array {
  return clusterTriangles(positions, cell).positions as Float32Array;
}

/** As clusterVertices, also returning which input triangle each output triangle came from. */
export function clusterTriangles<T extends Float32Array | Float64Array>(positions: T, cell: number): { positions: T; source: Int32Array } {
  if (cell <= 0) return { positions, source: Int32Array.from({ length: positions.length / 9 }, (_, i) => i) };
  const out = new (positions.constructor as { new (n: number): T })(positions.length);
  const source = new Int32Array(positions.length / 9);
  let n = 0;
  const q = (x: number) => Math.round(x / cell) * cell;
  for (let i = 0; i < positions.length; i += 9) {
    const ax = q(positions[i]!), ay = q(positions[i + 1]!), az = q(positions[i + 2]!);
    const bx = q(positions[i + 3]!), by = q(positions[i + 4]!), bz = q(positions[i + 5]!);
    const cx = q(positions[i + 6]!), cy = q(positions[i + 7]!), cz = q(positions[i + 8]!);
    if ((ax === bx && ay === by && az === bz) || (ax === cx && ay === cy && az === cz) || (bx === cx && by === cy && bz === cz)) continue;
    out[n] = ax;
    out[n + 1] = ay;
    out[n + 2] = az;
    out[n + 3] = bx;
    out[n + 4] = by;
    out[n + 5] = bz;
    out[n + 6] = cx;
    out[n + 7] = cy;
    out[n + 8] = cz;
    source[n / 9] = i / 9;
    n += 9;
  }
  return { positions: out.slice(0, n) as T, source: source.slice(0, n / 9) };
}
