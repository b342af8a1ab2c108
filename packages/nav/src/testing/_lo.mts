import { Simulator, loadWorldFile } from '@navstack/sim';
import { runEpisodes } from './episodes.ts';
let all: any[] = [];
for (const world of ['empty_room', 'maze', 'office', 'warehouse']) {
  const sim = new Simulator({ world: loadWorldFile(`worlds/${world}.sdf`), seed: 1, start: { x: 0, y: 0, yaw: 0 } });
  const res = runEpisodes(sim as never, Number(process.argv[2] ?? 5), 77, { useStaticMap: false });
  for (const r of res) if (!r.success) console.log(world, r.state, r.reason, r.collisions, r.ratio.toFixed(2));
  all = all.concat(res);
}
console.log('lidar-only', all.length, 'success', all.filter((r) => r.success).length, 'collisions', all.reduce((a, r) => a + r.collisions, 0), 'mean ratio', (all.reduce((a, r) => a + r.ratio, 0) / all.length).toFixed(3));
