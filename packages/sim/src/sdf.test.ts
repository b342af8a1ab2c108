import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorldFile, parseWorld, SdfError } from './sdf.ts';
import type { Shape, World } from './types.ts';

const NS = 'xmlns:navstack="https://github.com/navstack/navstack/sdf"';

function world(body: string, opts: { warnings?: string[]; resourcePaths?: string[]; file?: string } = {}): World {
  const warnings = opts.warnings ?? [];
  return parseWorld(`<?xml version="1.0"?>\n<sdf version="1.9" ${NS}>\n<world name="w">\n${body}\n</world>\n</sdf>\n`, opts.file ?? 'test.sdf', {
    onWarning: (m) => warnings.push(m),
    resourcePaths: opts.resourcePaths ?? [],
    env: {},
  });
}

function shape(w: World, model: string, name = 'c'): Shape {
  const s = w.shapes.find((x) => x.model === model && x.name === name);
  if (!s) throw new Error(`no shape ${model}/${name}`);
  return s;
}

const model = (name: string, geometry: string, extra = '') =>
  `<model name="${name}">${extra}<link name="l"><collision name="c"><geometry>${geometry}</geometry></collision><visual name="v"><geometry>${geometry}</geometry><material><diffuse>1 0 0 1</diffuse></material></visual></link></model>`;

function thrown(fn: () => unknown): SdfError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SdfError);
    return e as SdfError;
  }
  throw new Error('expected an SdfError');
}

describe('parseWorld geometry', () => {
  it('reads box, cylinder, sphere and plane with their sizes', () => {
    const w = world(
      [
        model('b', '<box><size>1 2 3</size></box>'),
        model('c', '<cylinder><radius>0.5</radius><length>2</length></cylinder>'),
        model('s', '<sphere><radius>0.25</radius></sphere>'),
        model('p', '<plane><normal>0 0 1</normal><size>10 20</size></plane>'),
      ].join('\n'),
    );
    expect(w.name).toBe('w');
    expect(shape(w, 'b').geometry).toEqual({ type: 'box', size: [1, 2, 3] });
    expect(shape(w, 'c').geometry).toEqual({ type: 'cylinder', radius: 0.5, length: 2 });
    expect(shape(w, 's').geometry).toEqual({ type: 'sphere', radius: 0.25 });
    expect(shape(w, 'p').geometry).toEqual({ type: 'plane', normal: [0, 0, 1], size: [10, 20] });
    expect(w.shapes).toHaveLength(4);
    expect(w.visuals).toHaveLength(4);
    // bounds ignore the ground plane
    expect(w.bounds.maxX).toBeCloseTo(0.5);
    expect(w.bounds.minY).toBeCloseTo(-1);
  });

  it('approximates capsules and ellipsoids with warnings, and counts meshes it cannot find in one summary', () => {
    const warnings: string[] = [];
    const w = world(
      [
        model('cap', '<capsule><radius>0.1</radius><length>0.5</length></capsule>'),
        model('ell', '<ellipsoid><radii>0.1 0.2 0.3</radii></ellipsoid>'),
        model('m', '<mesh><uri>model://x/meshes/x.dae</uri></mesh>'),
      ].join('\n'),
      { warnings },
    );
    expect(shape(w, 'cap').geometry).toEqual({ type: 'cylinder', radius: 0.1, length: 0.7 });
    expect(shape(w, 'ell').geometry).toEqual({ type: 'sphere', radius: 0.3 });
    expect(w.shapes.some((s) => s.model === 'm')).toBe(false);
    const summary = warnings.filter((m) => m.includes('skipped'));
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatch(/^test\.sdf: the embedded simulator skipped 2 geometries: 2 meshes whose file was not found .*model:\/\/x\/meshes\/x\.dae \(test\.sdf:\d+\)/);
    // collision and visual on the same line: told once each, with the count
    expect(warnings.filter((m) => m.includes('approximated'))).toEqual([expect.stringMatching(/<capsule> approximated .*\(×2\)$/), expect.stringMatching(/<ellipsoid> approximated .*\(×2\)$/)]);
  });
});

describe('parseWorld poses', () => {
  it('composes model, link and collision poses', () => {
    const w = world(`<model name="m"><pose>1 2 0 0 0 1.5707963267948966</pose>
      <link name="l"><pose>1 0 0.5 0 0 0</pose>
        <collision name="c"><pose>0 1 0 0 0 0</pose><geometry><box><size>1 1 1</size></box></geometry></collision>
      </link></model>`);
    const p = shape(w, 'm').pose;
    // model yaw 90 deg: link +x goes to world +y, collision +y goes to world -x
    expect(p.x).toBeCloseTo(0);
    expect(p.y).toBeCloseTo(3);
    expect(p.z).toBeCloseTo(0.5);
    expect(p.yaw).toBeCloseTo(Math.PI / 2);
  });

  it('accepts degrees and quaternions', () => {
    const w = world(`${model('d', '<box><size>1 1 1</size></box>', '<pose degrees="true">1 0 0 0 0 90</pose>')}
      ${model('q', '<box><size>1 1 1</size></box>', '<pose rotation_format="quat_xyzw">0 1 0 0 0 0.7071068 0.7071068</pose>')}`);
    expect(shape(w, 'd').pose.yaw).toBeCloseTo(Math.PI / 2);
    expect(shape(w, 'q').pose.yaw).toBeCloseTo(Math.PI / 2);
    expect(shape(w, 'q').pose.y).toBeCloseTo(1);
  });

  it('resolves relative_to a link, a frame, another model and __model__', () => {
    const w = world(`
      <model name="table"><pose>5 0 0 0 0 0</pose>
        <frame name="top"><pose>0 0 1 0 0 0</pose></frame>
        <link name="base"><collision name="c"><geometry><box><size>1 1 1</size></box></geometry></collision></link>
        <link name="lamp"><pose relative_to="top">0.2 0 0 0 0 0</pose>
          <collision name="c"><geometry><sphere><radius>0.1</radius></sphere></geometry></collision>
          <collision name="c2"><pose relative_to="base">0 1 0 0 0 0</pose><geometry><sphere><radius>0.1</radius></sphere></geometry></collision>
        </link>
        <link name="m"><pose relative_to="__model__">0 0 2 0 0 0</pose><collision name="c"><geometry><sphere><radius>0.1</radius></sphere></geometry></collision></link>
      </model>
      <model name="cup"><pose relative_to="table">0 0 3 0 0 0</pose>
        <link name="l"><collision name="c"><geometry><sphere><radius>0.05</radius></sphere></geometry></collision></link></model>
      <frame name="corner"><pose>-3 -3 0 0 0 0</pose></frame>
      <model name="post"><pose relative_to="corner">0 1 0 0 0 0</pose>
        <link name="l"><collision name="c"><geometry><box><size>0.1 0.1 1</size></box></geometry></collision></link></model>`);
    const lamp = w.shapes.find((s) => s.link === 'lamp' && s.name === 'c')!;
    expect([lamp.pose.x, lamp.pose.z]).toEqual([expect.closeTo(5.2), expect.closeTo(1)]);
    const lamp2 = w.shapes.find((s) => s.link === 'lamp' && s.name === 'c2')!;
    expect([lamp2.pose.x, lamp2.pose.y, lamp2.pose.z]).toEqual([expect.closeTo(5), expect.closeTo(1), expect.closeTo(0)]);
    expect(w.shapes.find((s) => s.link === 'm')!.pose.z).toBeCloseTo(2);
    expect(shape(w, 'cup').pose).toMatchObject({ x: expect.closeTo(5), z: expect.closeTo(3) });
    expect(shape(w, 'post').pose).toMatchObject({ x: expect.closeTo(-3), y: expect.closeTo(-2) });
  });

  it('scopes nested models and lets relative_to reach into them', () => {
    const w = world(`<model name="outer"><pose>1 0 0 0 0 0</pose>
      <model name="inner"><pose>0 1 0 0 0 0</pose><link name="l"><collision name="c"><geometry><box><size>1 1 1</size></box></geometry></collision></link></model>
      <link name="x"><pose relative_to="inner::l">0 0 1 0 0 0</pose><collision name="c"><geometry><box><size>1 1 1</size></box></geometry></collision></link>
    </model>`);
    expect(shape(w, 'outer::inner').pose).toMatchObject({ x: expect.closeTo(1), y: expect.closeTo(1) });
    expect(w.shapes.find((s) => s.link === 'x')!.pose).toMatchObject({ x: expect.closeTo(1), y: expect.closeTo(1), z: expect.closeTo(1) });
  });

  it('reports an unknown relative_to frame and cycles with file and line', () => {
    const e = thrown(() => world(`<model name="m">\n<link name="l"><pose relative_to="nowhere">0 0 0 0 0 0</pose></link></model>`));
    expect(e.message).toMatch(/^test\.sdf:5: <pose>: relative_to="nowhere" names no frame in model 'm'/);
    const c = thrown(() =>
      world(`<model name="m"><link name="a"><pose relative_to="b">0 0 0 0 0 0</pose><collision name="c"><geometry><box><size>1 1 1</size></box></geometry></collision></link>
      <link name="b"><pose relative_to="a">0 0 0 0 0 0</pose></link></model>`),
    );
    expect(c.message).toMatch(/cycle/);
  });
});

describe('parseWorld models', () => {
  it('reads static flags (nested models inherit them)', () => {
    const w = world(`${model('a', '<box><size>1 1 1</size></box>', '<static>true</static>')}
      ${model('b', '<box><size>1 1 1</size></box>', '<static>0</static>')}
      <model name="o"><static>true</static>${model('i', '<box><size>1 1 1</size></box>')}</model>`);
    expect(shape(w, 'a').static).toBe(true);
    expect(shape(w, 'b').static).toBe(false);
    expect(shape(w, 'o::i').static).toBe(true);
  });

  it('reads material diffuse, ambient and Gazebo script colours; collisions take their visual colour', () => {
    const mk = (name: string, mat: string) =>
      `<model name="${name}"><link name="l"><collision name="body_collision"><geometry><box><size>1 1 1</size></box></geometry></collision>
       <visual name="body_visual"><geometry><box><size>1 1 1</size></box></geometry><material>${mat}</material></visual></link></model>`;
    const w = world(
      [
        mk('d', '<ambient>0.1 0.1 0.1 1</ambient><diffuse>0 0.5 1</diffuse>'),
        mk('a', '<ambient>0.2 0.4 0.6 1</ambient>'),
        mk('s', '<script><uri>file://media/materials/scripts/gazebo.material</uri><name>Gazebo/Green</name></script>'),
      ].join('\n'),
    );
    expect(w.shapes.find((s) => s.model === 'd')!.color).toEqual({ r: 0, g: 0.5, b: 1, a: 1 });
    expect(w.visuals.find((s) => s.model === 'a')!.color).toEqual({ r: 0.2, g: 0.4, b: 0.6, a: 1 });
    expect(w.visuals.find((s) => s.model === 's')!.color).toMatchObject({ r: 0, g: 1, b: 0 });
  });

  it('warns about unknown elements with file and line, and ignores namespaced custom elements', () => {
    const warnings: string[] = [];
    world(`<model name="m"><frobnicate/><navstack:whatever/>\n<link name="l"><collision name="c"><geometry><box><size>1 1 1</size></box></geometry><bogus/></collision></link></model>`, { warnings });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^test\.sdf:4: unknown element <frobnicate> in <model>, skipped/);
    expect(warnings[1]).toMatch(/^test\.sdf:5: unknown element <bogus> in <collision>/);
  });

  it('marks landmarks with <navstack:landmark> and derives colour, shape, size and footprint', () => {
    const w = world(`
      <model name="red_box"><navstack:landmark/><pose>2 1 0.25 0 0 0.3</pose><link name="l">
        <collision name="c"><geometry><box><size>0.5 0.4 0.5</size></box></geometry></collision>
        <visual name="v"><geometry><box><size>0.5 0.4 0.5</size></box></geometry><material><diffuse>0.85 0.1 0.1 1</diffuse></material></visual></link></model>
      <model name="barrel"><navstack:landmark color="blue" size="small"/><pose>-1 0 0.5 0 0 0</pose><link name="l">
        <collision name="c"><geometry><cylinder><radius>0.3</radius><length>1</length></cylinder></geometry></collision></link></model>
      ${model('plain', '<box><size>1 1 1</size></box>')}`);
    expect(w.objects).toHaveLength(2);
    const box = w.objects.find((o) => o.name === 'red_box')!;
    expect(box).toMatchObject({ color: 'red', shape: 'box', size: 'small', x: 2, y: 1, height: 0.5 });
    expect(box.footprint).toEqual({ kind: 'rect', halfX: 0.25, halfY: 0.2, yaw: expect.closeTo(0.3) });
    expect(box.radius).toBeCloseTo(Math.hypot(0.25, 0.2));
    const barrel = w.objects.find((o) => o.name === 'barrel')!;
    expect(barrel).toMatchObject({ color: 'blue', shape: 'cylinder', size: 'small', x: -1, y: 0, radius: 0.3, height: 1 });
  });

  it('rejects invalid landmark attributes', () => {
    const e = thrown(() => world(`\n${model('m', '<box><size>1 1 1</size></box>', '<navstack:landmark color="mauve"/>')}`));
    expect(e.message).toMatch(/^test\.sdf:5: <navstack:landmark>: color="mauve" is not one of red, green/);
  });
});

describe('parseWorld includes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-sdf-'));
  const modelDir = path.join(dir, 'models', 'crate');
  fs.mkdirSync(modelDir, { recursive: true });
  fs.writeFileSync(path.join(modelDir, 'model.config'), '<?xml version="1.0"?><model><name>crate</name><sdf version="1.9">crate.sdf</sdf></model>');
  fs.writeFileSync(
    path.join(modelDir, 'crate.sdf'),
    `<?xml version="1.0"?><sdf version="1.9"><model name="crate"><static>false</static><link name="l"><pose>0 0 0.5 0 0 0</pose>
      <collision name="c"><geometry><box><size>1 1 1</size></box></geometry></collision>
      <visual name="v"><geometry><box><size>1 1 1</size></box></geometry><material><diffuse>1 0.5 0 1</diffuse></material></visual></link></model></sdf>`,
  );

  it('resolves model:// through the search paths, with name, pose and static overrides', () => {
    const warnings: string[] = [];
    const w = world(`<include><uri>model://crate</uri><name>crate_a</name><pose>3 4 0 0 0 0</pose><static>true</static></include>
      <include><uri>model://crate</uri></include>`, { warnings, resourcePaths: [path.join(dir, 'models')] });
    expect(warnings).toEqual([]);
    expect(shape(w, 'crate_a').pose).toMatchObject({ x: 3, y: 4, z: 0.5 });
    expect(shape(w, 'crate_a').static).toBe(true);
    expect(shape(w, 'crate_a').color).toMatchObject({ r: 1, g: 0.5 });
    expect(shape(w, 'crate').static).toBe(false);
  });

  it('finds models through GZ_SIM_RESOURCE_PATH', () => {
    const w = parseWorld(`<sdf version="1.9"><world name="w"><include><uri>model://crate</uri></include></world></sdf>`, 'x.sdf', {
      env: { GZ_SIM_RESOURCE_PATH: `/nonexistent${path.delimiter}${path.join(dir, 'models')}` },
      onWarning: () => {},
    });
    expect(w.shapes).toHaveLength(1);
  });

  it("provides Gazebo's stock sun and ground_plane when they are not on the search paths", () => {
    const warnings: string[] = [];
    const w = world(`<include><uri>model://sun</uri></include><include><uri>model://ground_plane</uri></include>`, { warnings });
    expect(warnings).toEqual([]);
    expect(w.shapes.map((s) => `${s.model}:${s.geometry.type}`)).toEqual(['ground_plane:plane']);
  });

  it('warns with the URI when a model cannot be found, and skips it', () => {
    const warnings: string[] = [];
    const w = world(`\n<include><uri>model://no_such_model</uri></include>\n<include><uri>https://fuel.gazebosim.org/1.0/OpenRobotics/models/Table</uri></include>`, { warnings });
    expect(w.shapes).toHaveLength(0);
    expect(warnings[0]).toMatch(/^test\.sdf:5: <include> of model:\/\/no_such_model skipped: not found in the resource paths .*GZ_SIM_RESOURCE_PATH/);
    expect(warnings[1]).toMatch(/Fuel/);
  });
});

describe('parseWorld errors', () => {
  it('names file and line for malformed XML', () => {
    const e = thrown(() => parseWorld('<sdf version="1.9">\n<world name="w">\n<model name="m">\n</world></sdf>', 'bad.sdf'));
    expect(e.file).toBe('bad.sdf');
    expect(e.message).toMatch(/^bad\.sdf:4: <xml>: malformed XML/);
  });

  it('names file, line and element for invalid values', () => {
    expect(thrown(() => world(`\n${model('m', '<box><size>1 x 1</size></box>')}`)).message).toMatch(/^test\.sdf:5: <size>: invalid number "x"/);
    expect(thrown(() => world(`\n${model('m', '<box><size>1 1</size></box>')}`)).message).toMatch(/^test\.sdf:5: <size>: expects 3 numbers, got "1 1"/);
    expect(thrown(() => world(`\n${model('m', '<sphere><radius>-1</radius></sphere>')}`)).message).toMatch(/^test\.sdf:5: <radius>: must be positive, got -1/);
    expect(thrown(() => world(`\n${model('m', '<box><size>1 1 1</size></box>', '<pose>1 2 3</pose>')}`)).message).toMatch(/^test\.sdf:5: <pose>: expects 6 numbers/);
    expect(thrown(() => world(`\n${model('m', '<box><size>1 1 1</size></box>', '<static>maybe</static>')}`)).message).toMatch(/<static>: expects true or false/);
    expect(thrown(() => world(`\n<model name="m"><link name="l"><collision name="c"></collision></link></model>`)).message).toMatch(/<collision>: missing required <geometry>/);
    expect(thrown(() => world(`\n${model('a', '<box><size>1 1 1</size></box>')}${model('a', '<box><size>1 1 1</size></box>')}`)).message).toMatch(/duplicate name 'a'/);
  });

  it('rejects files that are not worlds', () => {
    expect(thrown(() => parseWorld('<robot name="r"/>', 'r.urdf')).message).toMatch(/^r\.urdf:1: <robot>: expected <sdf>/);
    expect(thrown(() => parseWorld('<sdf version="1.9"><model name="m"/></sdf>', 'm.sdf')).message).toMatch(/no <world> element \(this looks like a model file/);
  });

  it('loadWorldFile says when the file cannot be read', () => {
    expect(() => loadWorldFile('/nonexistent/world.sdf')).toThrow(/cannot read world file \/nonexistent\/world\.sdf/);
  });
});

describe('an ordinary Gazebo world', () => {
  it('loads a gz-sim style shapes world (plugins, gui, lights, physics) with no warnings', () => {
    const warnings: string[] = [];
    const w = parseWorld(
      `<?xml version="1.0" ?>
<sdf version="1.6">
  <world name="shapes">
    <physics name="1ms" type="ignored"><max_step_size>0.001</max_step_size><real_time_factor>1.0</real_time_factor></physics>
    <plugin filename="gz-sim-physics-system" name="gz::sim::systems::Physics"></plugin>
    <plugin filename="gz-sim-user-commands-system" name="gz::sim::systems::UserCommands"></plugin>
    <plugin filename="gz-sim-scene-broadcaster-system" name="gz::sim::systems::SceneBroadcaster"></plugin>
    <gui fullscreen="0"><plugin filename="MinimalScene" name="3D View"><gz-gui><title>3D View</title></gz-gui></plugin></gui>
    <light type="directional" name="sun">
      <cast_shadows>true</cast_shadows><pose>0 0 10 0 0 0</pose>
      <diffuse>0.8 0.8 0.8 1</diffuse><specular>0.2 0.2 0.2 1</specular>
      <attenuation><range>1000</range><constant>0.9</constant><linear>0.01</linear><quadratic>0.001</quadratic></attenuation>
      <direction>-0.5 0.1 -0.9</direction>
    </light>
    <model name="ground_plane"><static>true</static>
      <link name="link">
        <collision name="collision"><geometry><plane><normal>0 0 1</normal><size>100 100</size></plane></geometry></collision>
        <visual name="visual"><geometry><plane><normal>0 0 1</normal><size>100 100</size></plane></geometry>
          <material><ambient>0.8 0.8 0.8 1</ambient><diffuse>0.8 0.8 0.8 1</diffuse><specular>0.8 0.8 0.8 1</specular></material></visual>
      </link>
    </model>
    <model name="box"><pose>0 0 0.5 0 0 0</pose>
      <link name="box_link">
        <inertial><inertia><ixx>1</ixx><ixy>0</ixy><ixz>0</ixz><iyy>1</iyy><iyz>0</iyz><izz>1</izz></inertia><mass>1.0</mass></inertial>
        <collision name="box_collision"><geometry><box><size>1 1 1</size></box></geometry></collision>
        <visual name="box_visual"><geometry><box><size>1 1 1</size></box></geometry>
          <material><ambient>1 0 0 1</ambient><diffuse>1 0 0 1</diffuse><specular>1 0 0 1</specular></material></visual>
      </link>
    </model>
    <model name="cylinder"><pose>0 -1.5 0.5 0 0 0</pose>
      <link name="cylinder_link">
        <collision name="cylinder_collision"><geometry><cylinder><radius>0.5</radius><length>1.0</length></cylinder></geometry></collision>
        <visual name="cylinder_visual"><geometry><cylinder><radius>0.5</radius><length>1.0</length></cylinder></geometry>
          <material><ambient>0 1 0 1</ambient><diffuse>0 1 0 1</diffuse><specular>0 1 0 1</specular></material></visual>
      </link>
    </model>
    <model name="sphere"><pose>0 1.5 0.5 0 0 0</pose>
      <link name="sphere_link">
        <collision name="sphere_collision"><geometry><sphere><radius>0.5</radius></sphere></geometry></collision>
        <visual name="sphere_visual"><geometry><sphere><radius>0.5</radius></sphere></geometry>
          <material><ambient>0 0 1 1</ambient><diffuse>0 0 1 1</diffuse><specular>0 0 1 1</specular></material></visual>
      </link>
    </model>
  </world>
</sdf>`,
      'shapes.sdf',
      { onWarning: (m) => warnings.push(m), env: {} },
    );
    expect(warnings).toEqual([]);
    expect(w.shapes.map((s) => `${s.model}:${s.geometry.type}`)).toEqual(['ground_plane:plane', 'box:box', 'cylinder:cylinder', 'sphere:sphere']);
    expect(w.shapes[1].color).toMatchObject({ r: 1, g: 0, b: 0 });
    expect(w.bounds).toEqual({ minX: -0.5, maxX: 0.5, minY: -2, maxY: 2 });
  });
});
