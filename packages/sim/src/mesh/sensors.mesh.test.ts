// Sensors and physics on mesh geometry: the camera's depth against per-pixel ray casting of every triangle
// (exact with levels of detail off, close with them on), the lidar against brute-force rays, and the
// robot's footprint against the triangles within its body's height.
import { describe, expect, it } from 'vitest';
import { Rng } from '@navstack/math';
import { parseWorld } from '../sdf.ts';
import { Simulator } from '../Simulator.ts';
import type { World } from '../types.ts';

const shape = (name: string, pose: string, geometry: string) =>
  `<model name="${name}"><static>true</static><pose>${pose}</pose><link name="l"><collision name="c"><geometry>${geometry}</geometry></collision><visual name="v"><geometry>${geometry}</geometry><material><diffuse>0.8 0.3 0.2 1</diffuse></material></visual></link></model>`;
const poly = (pts: [number, number][], h: number) => `<polyline>${pts.map(([x, y]) => `<point>${x} ${y}</point>`).join('')}<height>${h}</height></polyline>`;

// walls as polylines (some tilted), cones, a floating slab: triangles in every orientation
const WORLD: World = parseWorld(
  `<sdf version="1.11"><world name="m">
    <model name="ground"><static>true</static><link name="l"><visual name="v"><geometry><plane><normal>0 0 1</normal><size>50 50</size></plane></geometry></visual></link></model>
    ${shape('room', '0 0 0 0 0 0', poly([[-4, -3], [4, -3], [4, 3], [-4, 3], [-4, -3.2], [-4.2, -3.2], [-4.2, 3.2], [4.2, 3.2], [4.2, -3.2], [-4, -3.2]], 1.5))}
    ${shape('pillar', '1.5 1 0 0 0 0.3', poly([[0, 0], [0.4, 0], [0.5, 0.3], [0.1, 0.5]], 1.2))}
    ${shape('cone', '-1.5 1.2 0.5 0 0 0', '<cone><radius>0.4</radius><length>1</length></cone>')}
    ${shape('leaning', '-1 -1.5 0.3 0.4 0.3 0.2', '<cone><radius>0.3</radius><length>0.8</length></cone>')}
    ${shape('slab', '2 -1 0.55 0.1 0 0', poly([[-0.5, -0.4], [0.5, -0.4], [0.5, 0.4], [-0.5, 0.4]], 0.05))}
  </world></sdf>`,
  'm.sdf',
  { onWarning: () => {}, env: {} },
);

/**
 * Möller–Trumbore over every triangle of the world's visual meshes (world frame); with frontOnly, a
 * triangle counts only when the ray meets its front (counter-clockwise) side, as a renderer that culls
 * back faces sees it.
 */
function bruteForce(sim: Simulator, o: number[], d: number[], frontOnly = false): number {
  const scene = sim.compiled.visualMeshes!;
  const tri = scene.tri;
  let best = Infinity;
  for (let i = 0; i < tri.length; i += 9) {
    if (frontOnly && !scene.twoSided[i / 9]) {
      const n = scene.normal;
      if (n[i / 3] * d[0] + n[i / 3 + 1] * d[1] + n[i / 3 + 2] * d[2] > 0) continue;
    }
    const e1 = [tri[i + 3] - tri[i], tri[i + 4] - tri[i + 1], tri[i + 5] - tri[i + 2]];
    const e2 = [tri[i + 6] - tri[i], tri[i + 7] - tri[i + 1], tri[i + 8] - tri[i + 2]];
    const h = [d[1] * e2[2] - d[2] * e2[1], d[2] * e2[0] - d[0] * e2[2], d[0] * e2[1] - d[1] * e2[0]];
    const a = e1[0] * h[0] + e1[1] * h[1] + e1[2] * h[2];
    if (Math.abs(a) < 1e-14) continue;
    const s = [o[0] - tri[i], o[1] - tri[i + 1], o[2] - tri[i + 2]];
    const u = (s[0] * h[0] + s[1] * h[1] + s[2] * h[2]) / a;
    if (u < 0 || u > 1) continue;
    const q = [s[1] * e1[2] - s[2] * e1[1], s[2] * e1[0] - s[0] * e1[2], s[0] * e1[1] - s[1] * e1[0]];
    const v = (d[0] * q[0] + d[1] * q[1] + d[2] * q[2]) / a;
    if (v < 0 || u + v > 1) continue;
    const t = (e2[0] * q[0] + e2[1] * q[1] + e2[2] * q[2]) / a;
    if (t > 0 && t < best) best = t;
  }
  return best;
}

function poses(sim: Simulator, n: number): { x: number; y: number; yaw: number }[] {
  const rng = new Rng(3);
  const out = [];
  while (out.length < n) {
    const p = { x: rng.uniform(-3.7, 3.7), y: rng.uniform(-2.7, 2.7), yaw: rng.uniform(-Math.PI, Math.PI) };
    if (!sim.isColliding(p.x, p.y)) out.push(p);
  }
  return out;
}

/** The camera's depth image against brute-force rays: how many pixels, how many differ by more than tol * depth. */
function cameraVsBruteForce(lodCell: number | undefined, tol: number) {
  const sim = new Simulator({ world: WORLD, seed: 0, start: { x: 0, y: 0, yaw: 0 }, camera: { width: 64, height: 48 } });
  if (lodCell !== undefined) sim.camera.lodCell = lodCell;
  const cam = sim.camera;
  const { width: W, height: H, near, far } = cam.config;
  let pixels = 0, mismatches = 0, meshPixels = 0;
  for (const pose of poses(sim, 12)) {
    sim.reset({ start: pose });
    sim.cameraImage();
    const c = sim.cameraPose();
    for (let v = 0; v < H; v++) {
      for (let u = 0; u < W; u++) {
        const a = (W / 2 - (u + 0.5)) / cam.fx, b = (H / 2 - (v + 0.5)) / cam.fy;
        const d = [Math.cos(c.yaw) - Math.sin(c.yaw) * a, Math.sin(c.yaw) + Math.cos(c.yaw) * a, b];
        let best = b < 0 ? -c.z / b : Infinity; // the floor
        if (!(best > near && best < far)) best = Infinity;
        const mesh = bruteForce(sim, [c.x, c.y, c.z], d, true);
        if (mesh > near && mesh < best && mesh <= far) {
          best = mesh;
          meshPixels++;
        }
        const got = cam.depth[v * W + u];
        pixels++;
        const ok = best === Infinity ? got === Infinity : Math.abs(got - best) <= tol * Math.max(1, best);
        if (!ok) mismatches++;
      }
    }
  }
  return { pixels, mismatches, meshPixels };
}

describe('meshes in the sensors', () => {
  it('camera depth matches per-pixel ray casting of every triangle\'s front face (levels of detail off)', () => {
    const r = cameraVsBruteForce(0, 1e-6);
    expect(r.meshPixels).toBeGreaterThan(r.pixels / 3);
    expect(r.mismatches).toBe(0);
  });

  it('with the default levels of detail, depth stays within a few per cent on nearly every pixel', () => {
    const r = cameraVsBruteForce(undefined, 0.03);
    expect(r.mismatches / r.pixels).toBeLessThan(0.02);
  });

  it('camera pixels show the mesh colour, shaded', () => {
    const sim = new Simulator({ world: WORLD, seed: 0, start: { x: 3, y: 0, yaw: 0 }, camera: { width: 64, height: 48 } });
    const img = sim.cameraImage().data; // facing the room's wall at x = 4
    const mid = (24 * 64 + 32) * 3;
    const [r, g, b] = [img[mid]!, img[mid + 1]!, img[mid + 2]!];
    expect(r).toBeGreaterThan(g);
    expect(g).toBeGreaterThan(b);
    expect(r / g).toBeCloseTo(0.8 / 0.3, 1);
  });

  it('lidar matches brute-force rays on the triangles at its height', () => {
    const sim = new Simulator({ world: WORLD, seed: 0, start: { x: 0, y: 0, yaw: 0 }, noise: false });
    let hits = 0;
    for (const pose of poses(sim, 10)) {
      sim.reset({ start: pose });
      const ranges = sim.scan().ranges;
      const p = sim.lidarPose();
      for (let i = 0; i < ranges.length; i++) {
        const a = p.yaw + sim.lidar.config.minAngle + i * sim.lidar.increment;
        const ref = bruteForce(sim, [p.x, p.y, p.z], [Math.cos(a), Math.sin(a), 0]);
        expect(Math.abs(ranges[i]! - ref), `beam ${i} at ${JSON.stringify(pose)}`).toBeLessThan(1e-6);
        hits++;
      }
    }
    expect(hits).toBe(3600);
  });

  it('the robot collides with mesh walls at its body height, not with a slab above it', () => {
    const sim = new Simulator({ world: WORLD, seed: 0, start: { x: 0, y: 0, yaw: 0 } });
    const r = sim.robot.radius;
    // the room's wall runs along y = 3 (inner face)
    expect(sim.isColliding(0, 3 - r + 0.01)).toBe(true);
    expect(sim.isColliding(0, 3 - r - 0.01)).toBe(false);
    expect(sim.clearance(0, 2)).toBeCloseTo(1 - r, 6);
    // the pillar's corner at (1.5, 1), approached from outside along the bisector of its edges
    const out = (0.3 + (Math.atan2(0.5, 0.1) + 0.3)) / 2 + Math.PI;
    expect(sim.isColliding(1.5 + (r - 0.01) * Math.cos(out), 1 + (r - 0.01) * Math.sin(out))).toBe(true);
    expect(sim.isColliding(1.5 + (r + 0.01) * Math.cos(out), 1 + (r + 0.01) * Math.sin(out))).toBe(false);
    // the slab floats at 0.55 m, above the body: the robot drives under it
    expect(sim.isColliding(2, -1)).toBe(false);
    // driving into the wall stops the robot there and counts one collision
    sim.reset({ start: { x: 3, y: 0, yaw: 0 } });
    for (let i = 0; i < 400; i++) sim.step({ linear: 0.5, angular: 0 });
    expect(sim.collisions).toBe(1);
    expect(sim.pose().x).toBeLessThan(4 - r);
    expect(sim.pose().x).toBeGreaterThan(4 - r - 0.02);
  });
});
