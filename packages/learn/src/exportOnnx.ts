/** Writes a ColumnFiLM network as an ONNX model (opset 17) with onnx-proto, and reads its weights back: no Python, no converter. */
import onnxPkg from 'onnx-proto';
import { PARAM_SHAPES, type ModelDims, type Weights } from './model.ts';

// onnx-proto is CommonJS; its namespace is the default export's `onnx` field.
const { onnx } = onnxPkg as unknown as { onnx: typeof import('onnx-proto').onnx };

export const OPSET = 17;
export const INPUT_NAMES = ['columns', 'text'] as const;
export const OUTPUT_NAMES = ['probs', 'range'] as const;

const FLOAT = 1;
const INT64 = 7;

function valueInfo(name: string, dims: (number | string)[]) {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

function floatInit(name: string, shape: number[], data: Float32Array) {
  const copy = new Float32Array(data); // own, aligned buffer
  return { name, dims: shape, dataType: FLOAT, rawData: new Uint8Array(copy.buffer) };
}

function int64Init(name: string, values: number[]) {
  const b = new BigInt64Array(values.map((v) => BigInt(v)));
  return { name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(b.buffer) };
}

export interface OnnxMeta {
  version: string;
  docString?: string;
}

const node = (opType: string, input: string[], output: string[], attribute: object[] = []) => ({ opType, input, output, name: output[0], attribute });

/** h1 [N, cols, hidden1] -> h1c [N, cols, (2c+1) hidden1]: columns k-c..k+c side by side, zeros past the edges. */
function contextNodes(d: ModelDims) {
  const c = d.context ?? 0;
  if (c === 0) return [];
  const slices = Array.from({ length: 2 * c + 1 }, (_, s) => node('Slice', ['h1p', `ctx_start_${s}`, `ctx_end_${s}`, 'ctx_axes'], [`h1s${s}`]));
  return [node('Pad', ['h1', 'ctx_pads'], ['h1p']), ...slices, node('Concat', slices.map((n) => n.output[0]), ['h1c'], [{ name: 'axis', type: 2, i: 2 }])];
}

export function exportOnnx(weights: Weights, d: ModelDims, meta: OnnxMeta): Uint8Array {
  const shapes = PARAM_SHAPES(d);
  const initializer = [];
  for (const [name, shape] of Object.entries(shapes)) {
    const w = weights[name];
    if (!w) throw new Error(`exportOnnx: weight '${name}' is missing`);
    if (w.shape.join('x') !== shape.join('x')) throw new Error(`exportOnnx: weight '${name}' has shape ${w.shape.join('x')}, expected ${shape.join('x')}`);
    initializer.push(floatInit(name, shape, w.data));
  }
  initializer.push(int64Init('shape_h1', [-1, 1, d.hidden1]));
  initializer.push(int64Init('shape_h2', [-1, 1, d.hidden2]));
  initializer.push(int64Init('shape_cols', [-1, d.cols]));
  initializer.push(floatInit('range_scale', [], new Float32Array([d.rangeScale])));
  const c = d.context ?? 0;
  if (c > 0) {
    initializer.push(int64Init('ctx_pads', [0, c, 0, 0, c, 0]));
    initializer.push(int64Init('ctx_axes', [1]));
    for (let s = 0; s <= 2 * c; s++) {
      initializer.push(int64Init(`ctx_start_${s}`, [s]));
      initializer.push(int64Init(`ctx_end_${s}`, [s + d.cols]));
    }
  }

  const nodes = [
    node('MatMul', ['text', 'We'], ['e0']),
    node('Add', ['e0', 'be'], ['e1']),
    node('Relu', ['e1'], ['e']),
    node('MatMul', ['columns', 'W1'], ['a']),
    node('MatMul', ['e', 'Wt1'], ['tt0']),
    node('Reshape', ['tt0', 'shape_h1'], ['tt']),
    node('Add', ['a', 'b1'], ['a1']),
    node('Add', ['a1', 'tt'], ['a2']),
    node('Relu', ['a2'], ['h1']),
    ...contextNodes(d),
    node('MatMul', [(d.context ?? 0) > 0 ? 'h1c' : 'h1', 'W2'], ['z0']),
    node('Add', ['z0', 'b2'], ['z']),
    node('MatMul', ['e', 'Wg'], ['g0']),
    node('Add', ['g0', 'bg'], ['g1']),
    node('Reshape', ['g1', 'shape_h2'], ['gamma']),
    node('MatMul', ['e', 'Wb'], ['bt0']),
    node('Reshape', ['bt0', 'shape_h2'], ['beta']),
    node('Mul', ['z', 'gamma'], ['zg']),
    node('Add', ['zg', 'beta'], ['zb']),
    node('Relu', ['zb'], ['h2']),
    node('MatMul', ['h2', 'W3'], ['s0']),
    node('Add', ['s0', 'b3'], ['s1']),
    node('Reshape', ['s1', 'shape_cols'], ['s']),
    node('MatMul', ['e', 'Wn'], ['n0']),
    node('Add', ['n0', 'bn'], ['nl']),
    node('Concat', ['s', 'nl'], ['logits'], [{ name: 'axis', type: 2, i: 1 }]),
    node('Softmax', ['logits'], ['probs'], [{ name: 'axis', type: 2, i: -1 }]),
    node('MatMul', ['h2', 'Wr'], ['r0']),
    node('Add', ['r0', 'br'], ['r1']),
    node('Reshape', ['r1', 'shape_cols'], ['r2']),
    node('Mul', ['r2', 'range_scale'], ['range']),
  ];
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'navstack-policy',
    producerVersion: meta.version,
    modelVersion: 1,
    docString: meta.docString ?? 'navstack ColumnFiLM policy',
    graph: {
      name: 'column_film',
      input: [valueInfo('columns', ['N', d.cols, d.features]), valueInfo('text', ['N', d.vocab])],
      output: [valueInfo('probs', ['N', d.cols + 1]), valueInfo('range', ['N', d.cols])],
      initializer,
      node: nodes,
    },
  } as never);
  return onnx.ModelProto.encode(model).finish();
}

/**
 * The weights of a model exportOnnx wrote, read back by initializer name (to fine-tune a shipped model);
 * every weight must be there with the shape `d` gives.
 */
export function importOnnxWeights(bytes: Uint8Array, d: ModelDims): Weights {
  const model = onnx.ModelProto.decode(bytes);
  const byName = new Map((model.graph?.initializer ?? []).map((t) => [t.name ?? '', t]));
  const out: Weights = {};
  for (const [name, shape] of Object.entries(PARAM_SHAPES(d))) {
    const t = byName.get(name);
    if (!t) throw new Error(`importOnnxWeights: the model has no weight '${name}' (not a ColumnFiLM model written by navstack train?)`);
    const dims = (t.dims ?? []).map(Number);
    if (dims.join('x') !== shape.join('x')) throw new Error(`importOnnxWeights: weight '${name}' has shape ${dims.join('x') || 'scalar'}, these dimensions need ${shape.join('x')}`);
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (t.dataType !== FLOAT || t.rawData?.length !== data.byteLength) throw new Error(`importOnnxWeights: weight '${name}' is not stored as ${data.length} raw float32 values`);
    // copy: rawData is a view into the file's buffer, not necessarily 4-byte aligned
    new Uint8Array(data.buffer).set(t.rawData);
    out[name] = { shape, data };
  }
  return out;
}
