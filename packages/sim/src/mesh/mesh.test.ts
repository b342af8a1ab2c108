// Mesh files as Gazebo reads them: STL (ASCII and binary), OBJ with .mtl colours, Collada with <unit>,
// <up_axis> (ignored, as gz-common ignores it), node transforms and polygons split as gz-common splits them;
// <scale>, <submesh>, polylines and cones; files that cannot be used are counted in the world's summary.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWorld } from '../sdf.ts';
import type { Shape, World } from '../types.ts';
import { bounds } from './triangleMesh.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-mesh-'));
const meshes = path.join(dir, 'models', 'thing', 'meshes');
fs.mkdirSync(meshes, { recursive: true });

// a unit cube's 12 triangles
const CUBE: number[][] = (() => {
  const v = (i: number) => [i & 1 ? 0.5 : -0.5, i & 2 ? 0.5 : -0.5, i & 4 ? 0.5 : -0.5];
  const quads = [[0, 2, 3, 1], [4, 5, 7, 6], [0, 1, 5, 4], [2, 6, 7, 3], [0, 4, 6, 2], [1, 3, 7, 5]];
  return quads.flatMap(([a, b, c, d]) => [[...v(a!), ...v(b!), ...v(c!)], [...v(a!), ...v(c!), ...v(d!)]]);
})();

fs.writeFileSync(
  path.join(meshes, 'cube_ascii.stl'),
  `solid cube\n${CUBE.map((t) => `facet normal 0 0 0\nouter loop\n${[0, 3, 6].map((k) => `vertex ${t[k]} ${t[k + 1]} ${t[k + 2]}`).join('\n')}\nendloop\nendfacet`).join('\n')}\nendsolid cube\n`,
);
const bin = Buffer.alloc(84 + 50 * CUBE.length);
bin.writeUInt32LE(CUBE.length, 80);
CUBE.forEach((t, i) => t.forEach((x, k) => bin.writeFloatLE(x, 84 + i * 50 + 12 + 4 * k)));
fs.writeFileSync(path.join(meshes, 'cube_binary.STL'), bin);
fs.writeFileSync(path.join(meshes, 'cube.mtl'), 'newmtl green\nKd 0.1 0.8 0.2\n');
fs.writeFileSync(
  path.join(meshes, 'cube.obj'),
  `mtllib cube.mtl\no box\nusemtl green\n${CUBE.flatMap((t) => [0, 3, 6].map((k) => `v ${t[k]} ${t[k + 1]} ${t[k + 2]}`)).join('\n')}\n${CUBE.map((_, i) => `f ${3 * i + 1} ${3 * i + 2} ${3 * i + 3}`).join('\n')}\n`,
);
// Collada: centimetres, Z_UP (gz-common ignores up_axis), two nodes: 'slab' a non-planar quad (polylist) moved
// by 100 units in x, 'post' a triangle scaled by 2 (no material); a red effect on the quad
fs.writeFileSync(
  path.join(meshes, 'parts.dae'),
  `<?xml version="1.0"?>
<COLLADA version="1.4.1" xmlns="http://www.collada.org/2005/11/COLLADASchema">
  <asset><unit name="centimeter" meter="0.01"/><up_axis>Z_UP</up_axis></asset>
  <library_effects><effect id="red-fx"><profile_COMMON><technique sid="t"><lambert><diffuse><color>1 0 0 1</color></diffuse></lambert></technique></profile_COMMON></effect></library_effects>
  <library_materials><material id="red" name="red"><instance_effect url="#red-fx"/></material></library_materials>
  <library_geometries>
    <geometry id="quad" name="quad"><mesh>
      <source id="quad-pos"><float_array id="quad-arr" count="12">0 0 0  100 0 0  100 100 50  0 100 0</float_array>
        <technique_common><accessor source="#quad-arr" count="4" stride="3"><param name="X" type="float"/><param name="Y" type="float"/><param name="Z" type="float"/></accessor></technique_common></source>
      <vertices id="quad-v"><input semantic="POSITION" source="#quad-pos"/></vertices>
      <polylist count="1" material="m"><input semantic="VERTEX" source="#quad-v" offset="0"/><vcount>4</vcount><p>0 1 2 3</p></polylist>
    </mesh></geometry>
    <geometry id="tri" name="tri"><mesh>
      <source id="tri-pos"><float_array id="tri-arr" count="9">0 0 0  10 0 0  0 0 10</float_array>
        <technique_common><accessor source="#tri-arr" count="3" stride="3"><param name="X" type="float"/><param name="Y" type="float"/><param name="Z" type="float"/></accessor></technique_common></source>
      <vertices id="tri-v"><input semantic="POSITION" source="#tri-pos"/></vertices>
      <triangles count="1"><input semantic="VERTEX" source="#tri-v" offset="0"/><p>0 1 2</p></triangles>
    </mesh></geometry>
  </library_geometries>
  <library_visual_scenes><visual_scene id="scene">
    <node id="slab" name="slab"><translate>100 0 0</translate>
      <instance_geometry url="#quad"><bind_material><technique_common><instance_material symbol="m" target="#red"/></technique_common></bind_material></instance_geometry></node>
    <node id="post" name="post"><scale>2 2 2</scale><instance_geometry url="#tri"/></node>
  </visual_scene></library_visual_scenes>
  <scene><instance_visual_scene url="#scene"/></scene>
</COLLADA>`,
);
fs.writeFileSync(path.join(meshes, 'broken.dae'), '<COLLADA><library_geometries>');
fs.writeFileSync(path.join(meshes, 'thing.fbx'), 'not read');

function load(body: string, warnings: string[] = []): World {
  return parseWorld(`<?xml version="1.0"?>\n<sdf version="1.11">\n<world name="w">\n${body}\n</world>\n</sdf>\n`, path.join(dir, 'w.sdf'), {
    onWarning: (m) => warnings.push(m),
    resourcePaths: [path.join(dir, 'models')],
    env: {},
  });
}

const meshModel = (name: string, mesh: string, pose = '0 0 0 0 0 0') =>
  `<model name="${name}"><static>true</static><pose>${pose}</pose><link name="l"><collision name="c"><geometry>${mesh}</geometry></collision><visual name="v"><geometry>${mesh}</geometry></visual></link></model>`;

function visual(w: World, model: string): Extract<Shape['geometry'], { type: 'mesh' }> {
  const s = w.visuals.find((v) => v.model === model);
  if (!s || s.geometry.type !== 'mesh') throw new Error(`no mesh visual in ${model}`);
  return s.geometry;
}

describe('mesh files', () => {
  it('reads ASCII and binary STL (upper-case extension too) and OBJ, with <scale>', () => {
    const w = load(
      [
        meshModel('a', '<mesh><uri>model://thing/meshes/cube_ascii.stl</uri><scale>2 1 0.5</scale></mesh>'),
        meshModel('b', '<mesh><uri>model://thing/meshes/cube_binary.STL</uri></mesh>'),
        meshModel('o', '<mesh><uri>model://thing/meshes/cube.obj</uri></mesh>'),
      ].join('\n'),
    );
    for (const m of ['a', 'b', 'o']) expect(visual(w, m).mesh.positions.length / 9).toBe(12);
    expect(visual(w, 'a').mesh.min).toEqual([-1, -0.5, -0.25]);
    expect(visual(w, 'a').mesh.max).toEqual([1, 0.5, 0.25]);
    expect(visual(w, 'a').source).toMatchObject({ kind: 'file', uri: 'model://thing/meshes/cube_ascii.stl', scale: [2, 1, 0.5] });
    // the OBJ's material colour (from its .mtl) is the visual's when the SDF gives none
    const o = w.visuals.find((v) => v.model === 'o')!;
    expect(o.color.r).toBeCloseTo(0.1, 5);
    expect(o.color.g).toBeCloseTo(0.8, 5);
    expect(o.geometry.type === 'mesh' && o.geometry.mesh.colors?.[1]).toBeCloseTo(0.8, 5);
  });

  it('reads Collada as gz-common does: <unit> applied, <up_axis> ignored, node transforms, polygons fanned from their first vertex', () => {
    const g = visual(load(meshModel('d', '<mesh><uri>model://thing/meshes/parts.dae</uri></mesh>')), 'd');
    const p = [...g.mesh.positions].map((x) => Math.round(x * 1e6) / 1e6);
    // the quad (moved 100 cm in x) as triangles (0, 1, 2) and (0, 2, 3): gz-common's fan, not three.js's split
    expect(p.slice(0, 18)).toEqual([1, 0, 0, 2, 0, 0, 2, 1, 0.5, 1, 0, 0, 2, 1, 0.5, 1, 1, 0]);
    // the triangle, scaled by its node's 2 and the file's 0.01
    expect(p.slice(18)).toEqual([0, 0, 0, 0.2, 0, 0, 0, 0, 0.2]);
    // the quad's effect colour
    expect([...g.mesh.colors!.slice(0, 6)]).toEqual([1, 0, 0, 1, 0, 0]);
  });

  it('takes one <submesh> by name, centred on request', () => {
    const w = load(
      [
        meshModel('s', '<mesh><uri>model://thing/meshes/parts.dae</uri><submesh><name>post</name></submesh></mesh>'),
        meshModel('c', '<mesh><uri>model://thing/meshes/parts.dae</uri><submesh><name>post</name><center>true</center></submesh></mesh>'),
      ].join('\n'),
    );
    expect(visual(w, 's').mesh.positions.length).toBe(9);
    expect(visual(w, 's').mesh.min.map((x) => Math.round(x * 1e6) / 1e6)).toEqual([0, 0, 0]);
    expect(bounds(visual(w, 'c').mesh.positions).min.map((x) => Math.round(x * 1e6) / 1e6)).toEqual([-0.1, 0, -0.1]);
  });

  it('an SDF <material> replaces the mesh file\'s own colours', () => {
    const w = load(`<model name="m"><link name="l"><visual name="v"><geometry><mesh><uri>model://thing/meshes/cube.obj</uri></mesh></geometry><material><diffuse>0 0 1 1</diffuse></material></visual></link></model>`);
    const v = w.visuals[0]!;
    expect(v.color).toMatchObject({ r: 0, g: 0, b: 1 });
    expect(v.geometry.type === 'mesh' && v.geometry.mesh.colors).toBeUndefined();
  });

  it('shares the triangles of one file and scale between shapes', () => {
    const w = load([meshModel('x', '<mesh><uri>model://thing/meshes/cube.obj</uri></mesh>'), meshModel('y', '<mesh><uri>model://thing/meshes/cube.obj</uri></mesh>', '3 0 0 0 0 0')].join('\n'));
    expect(visual(w, 'x').mesh).toBe(visual(w, 'y').mesh);
  });

  it('counts what it cannot use in one summary line per world, with reasons and examples', () => {
    const warnings: string[] = [];
    const w = load(
      [
        meshModel('missing1', '<mesh><uri>model://thing/meshes/nowhere.dae</uri></mesh>'),
        meshModel('missing2', '<mesh><uri>meshes/elsewhere.stl</uri></mesh>'),
        meshModel('fbx', '<mesh><uri>model://thing/meshes/thing.fbx</uri></mesh>'),
        meshModel('broken', '<mesh><uri>model://thing/meshes/broken.dae</uri></mesh>'),
        meshModel('nosub', '<mesh><uri>model://thing/meshes/parts.dae</uri><submesh><name>nope</name></submesh></mesh>'),
        meshModel('hill', '<heightmap><uri>x.png</uri><size>10 10 1</size></heightmap>'),
        meshModel('ok', '<mesh><uri>model://thing/meshes/cube.obj</uri></mesh>'),
      ].join('\n'),
      warnings,
    );
    expect(w.shapes.map((s) => s.model)).toEqual(['ok']);
    expect(warnings).toHaveLength(1);
    const [summary] = warnings;
    expect(summary).toMatch(/w\.sdf: the embedded simulator skipped 12 geometries: /);
    expect(summary).toMatch(/4 meshes whose file was not found .*model:\/\/thing\/meshes\/nowhere\.dae \(.*w\.sdf:\d+\)/);
    expect(summary).toMatch(/2 meshes in formats not read \(\.fbx; STL, Collada \.dae and OBJ are\)/);
    expect(summary).toMatch(/2 meshes that could not be read .*broken\.dae/);
    expect(summary).toMatch(/2 submeshes not found .*no submesh 'nope' \(the file has .*post/);
    expect(summary).toMatch(/2 heightmaps \(terrain is not simulated/);
  });
});

describe('polylines and cones', () => {
  it('extrudes polylines from z = 0 to the first one\'s height, inner loops as holes', () => {
    const square = (h: number) => `<point>-1 -1</point><point>1 -1</point><point>1 1</point><point>-1 1</point><height>${h}</height>`;
    const hole = '<point>-0.5 -0.5</point><point>0.5 -0.5</point><point>0.5 0.5</point><point>-0.5 0.5</point><point>-0.5 -0.5</point><height>9</height>';
    const w = load(meshModel('p', `<polyline>${square(2)}</polyline><polyline>${hole}</polyline>`));
    const g = visual(w, 'p');
    expect(g.source).toMatchObject({ kind: 'polyline', polylines: [{ height: 2 }, { height: 9 }] });
    expect(g.mesh.min).toEqual([-1, -1, 0]);
    expect(g.mesh.max).toEqual([1, 1, 2]);
    // walls: 4 + 4 edges, 2 triangles each; caps: the 2x2 square minus the 1x1 hole, top and bottom
    let capArea = 0, walls = 0;
    const p = g.mesh.positions;
    for (let o = 0; o < p.length; o += 9) {
      if (p[o + 2] === p[o + 5] && p[o + 5] === p[o + 8]) capArea += Math.abs((p[o + 3] - p[o]) * (p[o + 7] - p[o + 1]) - (p[o + 6] - p[o]) * (p[o + 4] - p[o + 1])) / 2;
      else walls++;
    }
    expect(walls).toBe(16);
    expect(capArea).toBeCloseTo(2 * (4 - 1), 9);
  });

  it('turns every face of polylines and cones outwards (their front side is what the camera sees)', () => {
    const inSquareWithHole = (x: number, y: number, z: number) => Math.abs(x) < 1 && Math.abs(y) < 1 && !(Math.abs(x) < 0.5 && Math.abs(y) < 0.5) && z > 0 && z < 2;
    // inside the 32-sided cone: above the base, within every side face's plane
    const sides = (x: number, y: number, z: number) =>
      Array.from({ length: 32 }, (_, i) => {
        const a = ((i + 0.5) * 2 * Math.PI) / 32, r = 0.5 * Math.cos(Math.PI / 32);
        return x * Math.cos(a) + y * Math.sin(a) - r * ((1 - z) / 2);
      }).every((d) => d < 0);
    const inCone = (x: number, y: number, z: number) => z > -1 && z < 1 && sides(x, y, z);
    // the outer loop clockwise and the hole counter-clockwise: both the wrong way round, to be turned
    const cw = '<point>-1 -1</point><point>-1 1</point><point>1 1</point><point>1 -1</point><height>2</height>';
    const ccwHole = '<point>-0.5 -0.5</point><point>0.5 -0.5</point><point>0.5 0.5</point><point>-0.5 0.5</point><height>2</height>';
    const w = load([meshModel('p', `<polyline>${cw}</polyline><polyline>${ccwHole}</polyline>`), meshModel('k', '<cone><radius>0.5</radius><length>2</length></cone>')].join('\n'));
    for (const [model, solid] of [['p', inSquareWithHole], ['k', inCone]] as const) {
      const p = visual(w, model).mesh.positions;
      for (let o = 0; o < p.length; o += 9) {
        const u = [p[o + 3] - p[o], p[o + 4] - p[o + 1], p[o + 5] - p[o + 2]], v = [p[o + 6] - p[o], p[o + 7] - p[o + 1], p[o + 8] - p[o + 2]];
        const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
        const len = Math.hypot(...n);
        const c = [0, 1, 2].map((k) => (p[o + k] + p[o + 3 + k] + p[o + 6 + k]) / 3);
        const step = (s: number) => c.map((x, k) => x + (s * 1e-3 * n[k]) / len) as [number, number, number];
        expect(solid(...step(1)), `${model} triangle ${o / 9} front`).toBe(false);
        expect(solid(...step(-1)), `${model} triangle ${o / 9} back`).toBe(true);
      }
    }
  });

  it('reads <double_sided> on a visual\'s material', () => {
    const w = load(`<model name="m"><link name="l"><visual name="v"><geometry><cone><radius>1</radius><length>1</length></cone></geometry><material><double_sided>true</double_sided></material></visual></link></model>`);
    expect(w.visuals[0]!.doubleSided).toBe(true);
  });

  it('draws cones (SDF 1.11) with Gazebo\'s 32 sides, base at -length/2', () => {
    const g = visual(load(meshModel('k', '<cone><radius>0.5</radius><length>2</length></cone>')), 'k');
    expect(g.source).toEqual({ kind: 'cone', radius: 0.5, length: 2 });
    expect(g.mesh.positions.length / 9).toBe(64);
    expect(g.mesh.min[2]).toBe(-1);
    expect(g.mesh.max[2]).toBe(1);
  });
});
