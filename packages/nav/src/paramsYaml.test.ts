import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LocalContext, parseParamsYaml, paramsForNode } from '@navstack/rcl';
import { navParamsYaml } from './paramsYaml.ts';
import { NavigatorNode } from './navigator/NavigatorNode.ts';
import { SafetyNode } from './safety/SafetyNode.ts';

const FILE = fileURLToPath(new URL('../../../config/nav_params.yaml', import.meta.url));

describe('config/nav_params.yaml', () => {
  it('is in sync with the declared defaults (regenerate with navParamsYaml())', () => {
    if (process.env.NAV_WRITE_PARAMS) fs.writeFileSync(FILE, navParamsYaml());
    expect(fs.readFileSync(FILE, 'utf8')).toBe(navParamsYaml());
  });

  it('loads into the nodes without type errors and gives the defaults', async () => {
    const blocks = parseParamsYaml(navParamsYaml(), 'nav_params.yaml');
    const ctx = new LocalContext();
    const nav = new NavigatorNode(ctx.createNode('navigator', { parameterOverrides: paramsForNode(blocks, '/navigator') }));
    const safety = new SafetyNode(ctx.createNode('safety', { parameterOverrides: paramsForNode(blocks, '/safety') }));
    expect(nav.params.robot_radius).toBe(0.17);
    expect(nav.node.getParameter('max_recoveries')).toBe(6);
    expect(safety.status.decision).toBe('idle');
    nav.stop();
    safety.stop();
    await ctx.shutdown();
  });
});
