import { NAVIGATOR_SCHEMA } from './navigator/params.ts';
import { ROBOT_LIMITS_SCHEMA, SAFETY_SCHEMA } from './safety/SafetyNode.ts';

/** config/nav_params.yaml: every parameter of the navigator and safety nodes with its default, range and meaning. */
export function navParamsYaml(): string {
  const safety = SAFETY_SCHEMA.yaml().split('\n').slice(2).join('\n');
  return [
    "# Parameters of navstack's navigator and safety nodes (packages/nav) with their defaults.",
    '# Generated from the nodes\' parameter schemas (navParamsYaml() in packages/nav/src/paramsYaml.ts); a test keeps the two in sync.',
    NAVIGATOR_SCHEMA.yaml() + ROBOT_LIMITS_SCHEMA.yaml() + safety,
  ].join('\n');
}
