import { describe, expect, it } from 'vitest';
import { MARKER_TRIANGLE_BUDGET, worldMarkers } from './markers.ts';
import { parseWorld } from './sdf.ts';
import { resolveWorldPath, WORLDS_DIR } from './simNode.ts';
import path from 'node:path';

describe('worldMarkers', () => {
  it('describes every visual with its type, pose, scale and colour, and labels landmarks', () => {
    const w = parseWorld(
      `<sdf version="1.9" xmlns:navstack="x"><world name="w">
        <model name="c"><navstack:landmark/><pose>1 2 0.5 0 0 0.5</pose><link name="l"><visual name="v"><geometry><cylinder><radius>0.2</radius><length>1</length></cylinder></geometry>
          <material><diffuse>0 0 1 1</diffuse></material></visual><collision name="k"><geometry><cylinder><radius>0.2</radius><length>1</length></cylinder></geometry></collision></link></model>
        <model name="s"><link name="l"><visual name="v"><geometry><sphere><radius>0.3</radius></sphere></geometry></visual></link></model>
        <model name="p"><link name="l"><visual name="v"><geometry><plane><normal>0 0 1</normal><size>4 6</size></plane></geometry></visual></link></model>
      </world></sdf>`,
      'w.sdf',
      { onWarning: () => {}, env: {} },
    );
    const m = worldMarkers(w).markers;
    expect(m).toHaveLength(4);
    expect(m[0]).toMatchObject({ ns: 'c', type: 3, action: 0, scale: { x: 0.4, y: 0.4, z: 1 }, color: { r: 0, g: 0, b: 1, a: 1 }, header: { frame_id: 'map' } });
    expect(m[0].pose.position).toEqual({ x: 1, y: 2, z: 0.5 });
    expect(m[0].pose.orientation.z).toBeCloseTo(Math.sin(0.25));
    expect(m[1]).toMatchObject({ ns: 's', type: 2, scale: { x: 0.6, y: 0.6, z: 0.6 } });
    expect(m[2]).toMatchObject({ ns: 'p', type: 1, scale: { x: 4, y: 6, z: 0.001 } });
    expect(m[3]).toMatchObject({ ns: 'landmarks', type: 9, text: 'c (large blue cylinder)' });
    expect(new Set(m.map((x) => x.id)).size).toBe(4);
  });
});

describe('resolveWorldPath', () => {
  it('accepts bundled names, repository-relative and absolute paths', () => {
    const office = path.join(WORLDS_DIR, 'office.sdf');
    expect(resolveWorldPath('office')).toBe(office);
    expect(resolveWorldPath('worlds/office.sdf')).toBe(office);
    expect(resolveWorldPath(office)).toBe(office);
    expect(() => resolveWorldPath('nowhere.sdf')).toThrow(/not found \(give a path to an SDF file, or one of: .*empty_room.*maze.*office.*warehouse.*\)/);
  });
});

describe('worldMarkers for meshes', () => {
  const cone = (name: string, x: number) =>
    `<model name="${name}"><pose>${x} 0 0.5 0 0 0.3</pose><link name="l"><visual name="v"><geometry><cone><radius>0.5</radius><length>1</length></cone></geometry><material><diffuse>0 1 0 1</diffuse></material></visual></link></model>`;

  it('sends meshes as TRIANGLE_LIST markers in the shape frame, at the shape pose', () => {
    const w = parseWorld(`<sdf version="1.11"><world name="w">${cone('k', 2)}</world></sdf>`, 'w.sdf', { onWarning: () => {}, env: {} });
    const [m] = worldMarkers(w).markers;
    expect(m).toMatchObject({ ns: 'k', type: 11, scale: { x: 1, y: 1, z: 1 }, color: { r: 0, g: 1, b: 0, a: 1 } });
    expect(m!.pose.position).toEqual({ x: 2, y: 0, z: 0.5 });
    expect(m!.points).toHaveLength(64 * 3);
    expect(Math.max(...m!.points.map((p) => p.z))).toBe(0.5);
  });

  it('coarsens meshes so that a world sends at most MARKER_TRIANGLE_BUDGET triangles', () => {
    const many = Array.from({ length: 1000 }, (_, i) => cone(`k${i}`, i)).join('');
    const w = parseWorld(`<sdf version="1.11"><world name="w">${many}</world></sdf>`, 'w.sdf', { onWarning: () => {}, env: {} });
    const triangles = worldMarkers(w).markers.reduce((n, m) => n + m.points.length / 3, 0);
    expect(64 * 1000).toBeGreaterThan(MARKER_TRIANGLE_BUDGET);
    expect(triangles).toBeLessThanOrEqual(MARKER_TRIANGLE_BUDGET);
    expect(triangles).toBeGreaterThan(MARKER_TRIANGLE_BUDGET / 4);
  });
});
