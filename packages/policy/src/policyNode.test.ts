import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalContext } from '@navstack/rcl';
import { DEFAULT_MODEL_PATH, policyNodeExecutable } from './policyNode.ts';

describe('policy_node at start', () => {
  let ctx: LocalContext;
  afterEach(async () => ctx?.shutdown());

  const corruptModel = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'navstack-policy-'));
    const path = join(dir, 'policy.onnx');
    await writeFile(path, Buffer.from('not an onnx model'));
    await copyFile(DEFAULT_MODEL_PATH.replace(/\.onnx$/, '.card.json'), join(dir, 'policy.card.json'));
    return path;
  };

  it('fails to start, with the reason, when its model cannot be loaded (a launch then exits non-zero)', async () => {
    ctx = new LocalContext();
    const node = ctx.createNode('policy', { parameterOverrides: { model_path: await corruptModel() } });
    await expect(Promise.resolve(policyNodeExecutable.start(node))).rejects.toThrow(/^policy_node: .*policy\.onnx.*\(set require_model:=false to start without a model\)$/s);
  });

  it('starts without a model when the operator asks (require_model:=false), waiting for one', async () => {
    ctx = new LocalContext();
    const node = ctx.createNode('policy', { parameterOverrides: { model_path: await corruptModel(), require_model: false } });
    const running = await policyNodeExecutable.start(node);
    node.setParameter('model_path', DEFAULT_MODEL_PATH);
    const model = () => (running as unknown as { stats(): { model: string } }).stats().model;
    await expect.poll(model).toBe(DEFAULT_MODEL_PATH);
    // A refused model keeps the serving one and puts model_path back to it.
    node.setParameter('model_path', await corruptModel());
    await expect.poll(() => node.getParameter('model_path')).toBe(DEFAULT_MODEL_PATH);
    expect(model()).toBe(DEFAULT_MODEL_PATH);
    await running.stop();
  });
});
