// The launch features real files use, evaluated as the real `ros2 launch` evaluates them: every case in
// test/launch-oracle/cases.ts (navstack's own launch files and the feature fixtures) gives the processes,
// arguments, parameters and component loads recorded from ROS 2 Jazzy's ros2 launch
// (test/fixtures/launch/expected.ros2.json; `npm run test:ros2` compares with a live ros2 launch).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateLaunch, printLaunch, type NodeAction } from '@navstack/rcl';
import { CASES, caseKey, GOLDEN, navstackSide } from './launch-oracle/cases.ts';
import { cleanup } from './launch-oracle/oracle.ts';

const root = path.resolve(import.meta.dirname, '..');
const features = path.join(root, 'test/fixtures/launch/features');
const golden = JSON.parse(fs.readFileSync(GOLDEN, 'utf8')) as Record<string, string[]>;

describe('navstack launch evaluates as ros2 launch does (records of ROS 2 Jazzy)', () => {
  it.each(CASES.map((c) => [caseKey(c), c] as const))('%s', (_key, c) => {
    const { prep, lines } = navstackSide(c);
    cleanup(prep);
    expect(lines).toEqual(golden[caseKey(c)]);
  });
});

describe('what the feature fixtures show', () => {
  const nodes = (file: string, args: Record<string, string> = {}) =>
    Object.fromEntries(
      evaluateLaunch(path.join(features, file), { navstackRoot: root, args })
        .actions.filter((a): a is NodeAction => a.kind === 'node')
        .map((a) => [a.name ?? `${a.pkg}/${a.exec}`, a]),
    );

  it("includes are not scoped: the included file's arguments and pushed namespace carry over; its args are set in order", () => {
    const n = nodes('scoping.launch.xml');
    expect(n.after_include!.args.slice(0, 2)).toEqual(['from_child', '1+2']);
    expect(n.after_include!.namespace).toBe('/pushed_by_child');
    // $(dirname) after an include is the included file's folder, as in launch
    expect(n.after_include!.args[3]).toBe(path.join(features, 'sub'));
    expect(n.child_node!.args).toEqual(['1', '1+2']);
    // groups scope, and forwarding="false" starts from nothing but what <keep> gives
    expect(n.after_group!.args).toEqual(['gone']);
    expect(n.isolated!.args).toEqual(['o', 'not_forwarded']);
  });

  it('types parameter values as launch_ros does and prints them so that they read back the same', () => {
    const line = printLaunch([nodes('params.launch.xml').typed!])[0]!;
    for (const p of ['-p a_float:=5.0', '-p an_int:=5', '-p a_bool:=true', `-p "quoted_int:='1'"`, `-p "empty_string:=''"`, `-p "string_typed:='5.0'"`, '-p "sep_list:=[a, b, c]"', `-p "exp:='1e5'"`, '-p group.deeper.x:=true']) {
      expect(line).toContain(p);
    }
  });

  it('keeps args and ros_args, and gives unnamed nodes no __node remap', () => {
    const line = printLaunch([nodes('params.launch.xml')['demo_nodes_cpp/listener']!])[0]!;
    expect(line).toMatch(/^demo_nodes_cpp\/listener --flag "two words" xr2 --ros-args --log-level debug --ros-args --params-file \S+params\.yaml --params-file \S+navstack_launch_params_\S+\/params_substs\.yaml -r chatter:=\/r2\/chatter$/);
  });

  it('validates <arg><choice> with file and line', () => {
    expect(() => nodes('choices.launch.xml', { mode: 'turbo' })).toThrow(/choices\.launch\.xml:2: argument 'mode' is 'turbo', not one of its choices: 'fast', 'slow'/);
  });

  it('loads composable nodes into their container by its full name', () => {
    const c = nodes('composable.launch.xml').perception_container!;
    expect(c.composable!.map((x) => `${x.target} ${x.namespace}/${x.name}`)).toEqual(['/robot/perception_container /robot/sensors/talker', '/robot/perception_container /robot/listener']);
  });
});
