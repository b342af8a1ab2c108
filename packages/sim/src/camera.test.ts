// The column renderer's depth against per-pixel 3D ray casting of every shape.
import { describe, expect, it } from 'vitest';
import { shapeTransform, planeBox } from './geometry.ts';
import { Rng } from '@navstack/math';
import { generateScenario } from './scenario.ts';
import { GENERAL_BOX, GENERAL_CYLINDER, intersect3d, Prim, SPHERE } from './scene.ts';
import { parseWorld } from './sdf.ts';
import { Simulator } from './Simulator.ts';
import type { Shape, World } from './types.ts';

function generalPrim(s: Shape): Prim | undefined {
  const p = new Prim();
  const g = s.geometry;
  if (g.type === 'sphere') {
    p.kind = SPHERE;
    p.cx = s.pose.x;
    p.cy = s.pose.y;
    p.cz = s.pose.z;
    p.hx = g.radius;
    return p;
  }
  let t = shapeTransform(s);
  if (g.type === 'plane') {
    if (g.normal[2] > 0.999) return undefined; // the floor
    const pb = planeBox(s);
    t = pb.t;
    [p.hx, p.hy, p.hz] = pb.half;
    p.kind = GENERAL_BOX;
  } else if (g.type === 'box') {
    [p.hx, p.hy, p.hz] = [g.size[0] / 2, g.size[1] / 2, g.size[2] / 2];
    p.kind = GENERAL_BOX;
  } else if (g.type === 'cylinder') {
    [p.hx, p.hy, p.hz] = [g.radius, g.radius, g.length / 2];
    p.kind = GENERAL_CYLINDER;
  } else return undefined; // meshes: camera.mesh.test.ts
  p.r.set(t.r);
  [p.tx, p.ty, p.tz] = t.p;
  return p;
}

function compare(world: World, poses: { x: number; y: number; yaw: number }[]): { pixels: number; mismatches: number } {
  const sim = new Simulator({ world, seed: 0, start: poses[0], camera: { width: 64, height: 48 } });
  const prims = world.visuals.map(generalPrim).filter((p): p is Prim => !!p);
  const floorZ = Math.max(...world.visuals.filter((s) => s.geometry.type === 'plane').map((s) => s.pose.z), 0);
  const cam = sim.camera;
  const { width: W, height: H, near, far } = cam.config;
  let pixels = 0, mismatches = 0;
  for (const pose of poses) {
    if (sim.isColliding(pose.x, pose.y)) continue;
    sim.reset({ start: pose });
    sim.cameraImage();
    const c = sim.cameraPose();
    for (let v = 0; v < H; v++) {
      for (let u = 0; u < W; u++) {
        const a = (W / 2 - (u + 0.5)) / cam.fx, b = (H / 2 - (v + 0.5)) / cam.fy;
        const dx = Math.cos(c.yaw) - Math.sin(c.yaw) * a, dy = Math.sin(c.yaw) + Math.cos(c.yaw) * a;
        let best = b < 0 ? (floorZ - c.z) / b : Infinity;
        if (!(best > near && best < far)) best = Infinity;
        for (const p of prims) best = Math.min(best, intersect3d(p, c.x, c.y, c.z, dx, dy, b, near));
        const got = cam.depth[v * W + u];
        pixels++;
        const ok = best === Infinity ? got === Infinity : Math.abs(got - best) <= 1e-4 * Math.max(1, best);
        if (!ok) mismatches++;
      }
    }
  }
  return { pixels, mismatches };
}

describe('Camera depth', () => {
  it('matches per-pixel ray casting on generated worlds', () => {
    const rng = new Rng(5);
    let pixels = 0, mismatches = 0;
    for (let k = 0; k < 5; k++) {
      const sc = generateScenario(2000 + k);
      const { minX, maxX, minY, maxY } = sc.world.bounds;
      const poses = [sc.start, ...Array.from({ length: 6 }, () => ({ x: rng.uniform(minX, maxX), y: rng.uniform(minY, maxY), yaw: rng.uniform(-Math.PI, Math.PI) }))];
      const r = compare(sc.world, poses);
      pixels += r.pixels;
      mismatches += r.mismatches;
    }
    expect(pixels).toBeGreaterThan(50_000);
    expect(mismatches).toBe(0);
  });

  it('matches per-pixel ray casting for tilted shapes, floating boxes seen from below and above, and shapes beside the camera', () => {
    const shape = (name: string, pose: string, geometry: string) =>
      `<model name="${name}"><static>true</static><pose>${pose}</pose><link name="l"><visual name="v"><geometry>${geometry}</geometry></visual></link></model>`;
    const world = parseWorld(
      `<sdf version="1.9"><world name="t">
        <model name="ground"><static>true</static><link name="l"><visual name="v"><geometry><plane><normal>0 0 1</normal><size>50 50</size></plane></geometry></visual></link></model>
        ${shape('table_top', '2 0 0.6 0 0 0.3', '<box><size>1 1.5 0.05</size></box>')}
        ${shape('low_box', '1.5 1 0.05 0 0 0', '<box><size>0.5 0.5 0.1</size></box>')}
        ${shape('tilted', '3 -1 0.4 0.5 0.2 0.1', '<box><size>0.5 0.4 0.6</size></box>')}
        ${shape('log', '2.5 1.5 0.2 1.5707963 0 0.4', '<cylinder><radius>0.2</radius><length>1.2</length></cylinder>')}
        ${shape('ball', '4 0 0.8 0 0 0', '<sphere><radius>0.4</radius></sphere>')}
        ${shape('wall', '0 -1 0.5 0 0 0', '<box><size>6 0.1 1</size></box>')}
        ${shape('post', '0.5 0.6 0.5 0 0 0', '<cylinder><radius>0.1</radius><length>1</length></cylinder>')}
      </world></sdf>`,
      't.sdf',
      { onWarning: () => {}, env: {} },
    );
    const r = compare(world, [
      { x: 0, y: 0, yaw: 0 },
      { x: 0, y: 0, yaw: 0.6 },
      { x: 0, y: 0, yaw: -0.8 },
      { x: 2, y: 0.3, yaw: 0.1 }, // under the table top
      { x: 5.5, y: 0, yaw: Math.PI },
    ]);
    expect(r.pixels).toBeGreaterThan(10_000);
    expect(r.mismatches).toBe(0);
  });
});
