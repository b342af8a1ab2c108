import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkParamsBlocks, LocalContext, parseParamsYaml, paramsForNode } from '@navstack/rcl';
import { navParamsYaml } from './paramsYaml.ts';
import { NavigatorNode } from './navigator/NavigatorNode.ts';
import { SafetyNode, SAFETY_SCHEMA } from './safety/SafetyNode.ts';
import { NAVIGATOR_SCHEMA } from './navigator/params.ts';

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

describe('safety-critical parameters', () => {
  const start = (overrides: Record<string, number>) => {
    const ctx = new LocalContext();
    try {
      return new SafetyNode(ctx.createNode('safety', { parameterOverrides: overrides })).stop();
    } finally {
      void ctx.shutdown();
    }
  };

  it.each([
    ['source_timeout', 1e9, /'source_timeout' = 1000000000 is outside its range \[0.05, 1\]/],
    ['scan_timeout', 5, /'scan_timeout' = 5 is outside its range \[0.05, 1\]/],
    ['max_linear_vel', 1e9, /'max_linear_vel' = 1000000000 is outside its range \[0, 0.5\]/],
    ['max_angular_vel', 3, /'max_angular_vel' = 3 is outside its range \[0, 2\]/],
  ])('refuses %s = %s with the allowed range (the deadman and speed clamp cannot be switched off)', (name, value, message) => {
    expect(() => start({ [name]: value })).toThrow(message);
  });

  it("bounds the speed clamps by the robot's own limits, which a lab robot sets", () => {
    expect(() => start({ robot_max_linear_vel: 1.2, max_linear_vel: 1.0 })).not.toThrow();
    expect(() => start({ robot_max_linear_vel: 1.2, max_linear_vel: 1.3 })).toThrow(/outside its range \[0, 1.2\]/);
  });

  it('finds every problem of a params file at once, with file and a suggestion for typos', () => {
    const blocks = parseParamsYaml('safety:\n  ros__parameters:\n    source_timout: 0.3\n    scan_timeout: 1e9\n/**:\n  ros__parameters:\n    use_sim_time: true\n    max_linear_vel: "fast"\n', 'lab.yaml');
    expect(checkParamsBlocks(blocks, [NAVIGATOR_SCHEMA, SAFETY_SCHEMA])).toEqual([
      "lab.yaml: node 'safety' has no parameter 'source_timout' (did you mean 'source_timeout'?)",
      "lab.yaml: parameter 'scan_timeout' = 1000000000 is outside its range [0.05, 1]",
      'lab.yaml: parameter \'max_linear_vel\' is declared as double; got "fast"',
    ]);
  });
});
