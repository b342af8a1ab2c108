import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalContext } from '@navstack/rcl';
import { executables } from './index.ts';

describe('rosbridge_server executable', () => {
  it('declares its parameters, serves the viewer and /bridge.json over HTTP, and stops', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'viewer-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<html>viewer</html>');
    const exe = executables.find((e) => e.exec === 'rosbridge_server')!;
    expect(exe.pkg).toBe('navstack');
    const ctx = new LocalContext();
    const node = ctx.createNode(exe.defaultNodeName, { parameterOverrides: { port: 0, http_port: 0, viewer_dir: dir, publish_allowlist: ['/goal_pose'] } });
    const running = await exe.start(node);
    const params = node.parameters();
    for (const p of ['port', 'address', 'http_port', 'publish_allowlist', 'max_message_size', 'queue_size', 'queue_bytes', 'auth_secret_file']) expect(params).toHaveProperty(p);
    expect(params.publish_allowlist).toEqual(['/goal_pose']);
    await running.stop();
    await ctx.shutdown();
  });

  it('serves files and bridge info', async () => {
    const { serveBridge } = await import('./serve.ts');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'viewer-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<html>viewer</html>');
    const ctx = new LocalContext();
    const b = await serveBridge(ctx.createNode('b'), { port: 0, httpPort: 0, viewerDir: dir });
    const index = await fetch(b.httpUrl!);
    expect(await index.text()).toContain('viewer');
    const info = (await (await fetch(`${b.httpUrl}bridge.json`)).json()) as { port: number };
    expect(info.port).toBe(b.port);
    expect((await fetch(`${b.httpUrl}..%2F..%2Fetc%2Fpasswd`)).status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${b.httpUrl}missing.js`)).status).toBe(404);
    await b.close();
    await ctx.shutdown();
  });
});
