// The README's parameter tables, generated from every node's parameter schema (paramsDocs.test.ts keeps the
// README in step; NAVSTACK_WRITE_DOCS=1 rewrites it).
import { fileURLToPath } from 'node:url';
import type { ParamSchema, ParamSpecs } from '@navstack/rcl';

/** Defaults that are paths in this checkout (the policy's model) are shown relative to it. */
const REPO = fileURLToPath(new URL('../../../', import.meta.url));

export const PARAMS_BEGIN = '<!-- parameter tables: generated from the nodes\' schemas (packages/cli/src/paramsDocs.ts) -->';
export const PARAMS_END = '<!-- end of parameter tables -->';

export async function parameterTables(): Promise<string> {
  const [{ SIM_SCHEMA, MAP_FROM_WORLD_SCHEMA }, { NAVIGATOR_SCHEMA, ROBOT_LIMITS_SCHEMA, SAFETY_SCHEMA }, { POLICY_SCHEMA }, { BRIDGE_SCHEMA }, { RECORDER_SCHEMA }] = await Promise.all([
    import('@navstack/sim'),
    import('@navstack/nav'),
    import('@navstack/policy'),
    import('@navstack/bridge'),
    import('@navstack/bag'),
  ]);
  const table = (title: string, ...schemas: ParamSchema<ParamSpecs>[]) => {
    const [first, ...rest] = schemas.map((s) => s.markdownTable());
    return `**${title}**\n\n${first}${rest.map((t) => t.split('\n').slice(2).join('\n')).join('')}`;
  };
  return [
    PARAMS_BEGIN,
    table('sim_node (node `sim`)', SIM_SCHEMA),
    table('navigator', NAVIGATOR_SCHEMA),
    table('safety', ROBOT_LIMITS_SCHEMA, SAFETY_SCHEMA),
    table('policy_node (node `policy`)', POLICY_SCHEMA),
    table('rosbridge_server', BRIDGE_SCHEMA),
    table('bag_recorder', RECORDER_SCHEMA),
    table('map_from_world', MAP_FROM_WORLD_SCHEMA),
    PARAMS_END,
  ]
    .join('\n')
    .replaceAll(REPO, '');
}
