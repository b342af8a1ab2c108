import { Simulator, loadWorldFile } from '@navstack/sim';
import { runRandomDriver } from './episodes.ts';
for (const world of ['empty_room', 'maze', 'office', 'warehouse']) {
  const w = loadWorldFile(`worlds/${world}.sdf`);
  const sim = new Simulator({ world: w, seed: 1, start: { x: 0, y: 0, yaw: 0 } });
  const t1 = performance.now();
  const rd = runRandomDriver(sim as never, Number(process.argv[2] ?? 600), 3, { x: 0, y: 0, yaw: 0 });
  console.log(JSON.stringify(rd), 'wall', ((performance.now() - t1) / 1000).toFixed(1));
}
