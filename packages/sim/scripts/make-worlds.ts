// Writes the bundled worlds (worlds/*.sdf). Run: npx tsx packages/sim/scripts/make-worlds.ts
// Every world leaves the origin free for the default robot start (robot_x = robot_y = 0).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { includeSdf, modelSdf, roomWalls, wallSdf, worldSdf } from '../src/sdfWriter.ts';
import { Rng } from '@navstack/math';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../worlds');

const box = (s: number, h = s): { type: 'box'; size: [number, number, number] } => ({ type: 'box', size: [s, s, h] });
const cyl = (r: number, l: number) => ({ type: 'cylinder' as const, radius: r, length: l });
const sph = (r: number) => ({ type: 'sphere' as const, radius: r });

function emptyRoom(): string {
  return worldSdf('empty_room', [
    ...roomWalls('wall', -4, 4, -4, 4),
    modelSdf({ name: 'red_box', x: 2.5, y: 2.5, geometry: box(0.5), color: 'red', landmark: true }),
    modelSdf({ name: 'blue_box', x: -2.5, y: 2.0, yaw: 0.4, geometry: box(0.8), color: 'blue', landmark: true }),
    modelSdf({ name: 'red_cylinder', x: 2.5, y: -2.0, geometry: cyl(0.25, 0.8), color: 'red', landmark: true }),
    modelSdf({ name: 'green_sphere', x: -2.0, y: -2.5, geometry: sph(0.3), color: 'green', landmark: true }),
    modelSdf({ name: 'yellow_cylinder', x: 0, y: 3.0, geometry: cyl(0.2, 0.5), color: 'yellow', landmark: true }),
    modelSdf({ name: 'blue_sphere', x: 3.0, y: 0.5, geometry: sph(0.25), color: 'blue', landmark: true }),
  ], { comment: 'An 8 m x 8 m room with six landmarks (two red, two blue; two boxes, two cylinders, two spheres). Robot start: 0 0 0.' });
}

function office(): string {
  const m: string[] = [
    ...roomWalls('wall', -8, 8, -5, 5),
    // two partitions with doorways at y in (-1, 1)
    wallSdf('partition_w_south', -3, -5, -3, -1),
    wallSdf('partition_w_north', -3, 1, -3, 5),
    wallSdf('partition_e_south', 3, -5, 3, -1.2),
    wallSdf('partition_e_north', 3, 1.2, 3, 5),
    wallSdf('partition_e_mid', 5, 0, 8, 0),
  ];
  const desk = (name: string, x: number, y: number, yaw = 0) =>
    modelSdf({ name, x, y, yaw, geometry: { type: 'box', size: [1.2, 0.6, 0.75] }, color: [0.55, 0.4, 0.25] });
  m.push(desk('desk_1', -5.5, 0, Math.PI / 2), desk('desk_2', 0, 2.5), desk('desk_3', 0, -2.5), desk('desk_4', 6.5, 1.5));
  m.push(
    modelSdf({ name: 'red_box', x: -6.5, y: 3.5, geometry: box(0.5), color: 'red', landmark: true }),
    modelSdf({ name: 'green_cylinder', x: -6.5, y: -3.5, geometry: cyl(0.25, 0.9), color: 'green', landmark: true }),
    modelSdf({ name: 'red_cylinder', x: 6.5, y: 3.5, geometry: cyl(0.2, 0.6), color: 'red', landmark: true }),
    modelSdf({ name: 'blue_box', x: 6.5, y: -3.5, geometry: box(0.7), color: 'blue', landmark: true }),
    modelSdf({ name: 'yellow_sphere', x: -1.5, y: 4.0, geometry: sph(0.3), color: 'yellow', landmark: true }),
    modelSdf({ name: 'green_box', x: 1.5, y: -4.0, geometry: box(0.45), color: 'green', landmark: true }),
    modelSdf({ name: 'blue_cylinder', x: 4.2, y: -2.0, geometry: cyl(0.25, 1.0), color: 'blue', landmark: true }),
  );
  return worldSdf('office', m, { comment: 'An office of three rooms joined by doorways, with desks and seven landmarks sharing colours and shapes. Robot start: 0 0 0.', floorColor: [0.55, 0.56, 0.6] });
}

function warehouse(): string {
  const m: string[] = [...roomWalls('wall', -10, 10, -7, 7, { height: 3.0, color: [0.75, 0.75, 0.72] })];
  for (const y of [-3, 3]) {
    for (const x of [-5.5, 0, 5.5]) {
      const name = `shelf_${y < 0 ? 's' : 'n'}_${x < 0 ? 'w' : x > 0 ? 'e' : 'c'}`;
      m.push(modelSdf({ name, x, y, geometry: { type: 'box', size: [4.0, 0.9, 2.0] }, color: [0.45, 0.47, 0.5] }));
    }
  }
  m.push(
    includeSdf('model://navstack_crate', 'crate_1', -8, 5.5),
    includeSdf('model://navstack_crate', 'crate_2', 8, -5.5, 0, 0.3),
    includeSdf('model://navstack_crate', 'crate_3', 2.7, 5.5),
    includeSdf('model://navstack_barrel', 'barrel_1', -8, -5.5),
    includeSdf('model://navstack_barrel', 'barrel_2', 8, 5.5),
    modelSdf({ name: 'red_box', x: -2.7, y: -5.5, geometry: box(0.6), color: 'red', landmark: true }),
    modelSdf({ name: 'green_sphere', x: 8.5, y: 0, geometry: sph(0.35), color: 'green', landmark: true }),
    modelSdf({ name: 'red_cylinder', x: -8.5, y: 0, geometry: cyl(0.3, 1.0), color: 'red', landmark: true }),
  );
  return worldSdf('warehouse', m, {
    comment: 'A 20 m x 14 m warehouse with two rows of shelves; crates and barrels are included as model:// (worlds/models, found through GZ_SIM_RESOURCE_PATH or the world folder). Robot start: 0 0 0.',
    floorColor: [0.5, 0.5, 0.48],
  });
}

function maze(): string {
  const n = 7;
  const cell = 1.5;
  const origin = (-n * cell) / 2;
  const rng = new Rng(7);
  // open[c][dir]: dir 0 = east, 1 = north
  const eastOpen = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  const northOpen = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  const seen = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  const stack: [number, number][] = [[3, 3]];
  seen[3][3] = true;
  while (stack.length) {
    const [i, j] = stack[stack.length - 1];
    const options: [number, number][] = ([[i + 1, j], [i - 1, j], [i, j + 1], [i, j - 1]] as [number, number][]).filter(([a, b]) => a >= 0 && b >= 0 && a < n && b < n && !seen[a][b]);
    if (options.length === 0) {
      stack.pop();
      continue;
    }
    const [a, b] = rng.pick(options);
    if (a !== i) eastOpen[Math.min(a, i)][j] = true;
    else northOpen[i][Math.min(b, j)] = true;
    seen[a][b] = true;
    stack.push([a, b]);
  }
  // a few extra openings so there is more than one way round
  for (let k = 0; k < 5; k++) {
    const i = rng.int(0, n - 2), j = rng.int(0, n - 2);
    if (rng.next() < 0.5) eastOpen[i][j] = true;
    else northOpen[i][j] = true;
  }
  const m: string[] = [...roomWalls('wall', origin, -origin, origin, -origin)];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x0 = origin + i * cell, y0 = origin + j * cell;
      if (i < n - 1 && !eastOpen[i][j]) m.push(wallSdf(`wall_e_${i}_${j}`, x0 + cell, y0, x0 + cell, y0 + cell, { thickness: 0.1, height: 0.8, color: [0.8, 0.8, 0.85] }));
      if (j < n - 1 && !northOpen[i][j]) m.push(wallSdf(`wall_n_${i}_${j}`, x0, y0 + cell, x0 + cell, y0 + cell, { thickness: 0.1, height: 0.8, color: [0.8, 0.8, 0.85] }));
    }
  }
  // landmarks in dead ends (cells with one opening), away from the start cell
  const openings = (i: number, j: number) =>
    (i < n - 1 && eastOpen[i][j] ? 1 : 0) + (i > 0 && eastOpen[i - 1][j] ? 1 : 0) + (j < n - 1 && northOpen[i][j] ? 1 : 0) + (j > 0 && northOpen[i][j - 1] ? 1 : 0);
  const deadEnds: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (openings(i, j) === 1 && Math.abs(i - 3) + Math.abs(j - 3) >= 2) deadEnds.push([i, j]);
  const specs = [
    { color: 'red', g: box(0.4) },
    { color: 'green', g: box(0.4) },
    { color: 'red', g: sph(0.22) },
    { color: 'blue', g: cyl(0.2, 0.6) },
    { color: 'yellow', g: box(0.4) },
    { color: 'blue', g: sph(0.22) },
  ];
  rng.shuffle(deadEnds);
  specs.forEach((s, k) => {
    const d = deadEnds[k];
    if (!d) return;
    const [i, j] = d;
    m.push(modelSdf({ name: `${s.color}_${s.g.type}`, x: origin + (i + 0.5) * cell, y: origin + (j + 0.5) * cell, geometry: s.g, color: s.color, landmark: true }));
  });
  return worldSdf('maze', m, { comment: 'A 7 x 7 maze of 1.5 m cells (seeded) with landmarks in dead ends. Robot start: 0 0 0 (the centre cell).', floorColor: [0.6, 0.62, 0.55] });
}

const worlds: Record<string, string> = { empty_room: emptyRoom(), office: office(), warehouse: warehouse(), maze: maze() };
for (const [name, text] of Object.entries(worlds)) {
  fs.writeFileSync(path.join(outDir, `${name}.sdf`), text);
  console.log(`wrote worlds/${name}.sdf`);
}
