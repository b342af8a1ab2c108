// Runs seeded navigation episodes and the random driver in the bundled worlds and prints a summary.
//   npx tsx packages/nav/scripts/nav-eval.ts [--episodes N] [--drive SECONDS] [--lidar-only] [--seed S]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Simulator, loadWorldFile } from '@navstack/sim';
import { runEpisodes, runRandomDriver, type EpisodeResult, type EpisodeSim } from '../src/testing/episodes.ts';

const { values } = parseArgs({
  options: {
    episodes: { type: 'string', default: '25' },
    drive: { type: 'string', default: '0' },
    'lidar-only': { type: 'boolean', default: false },
    seed: { type: 'string', default: '2024' },
    worlds: { type: 'string', default: 'empty_room,maze,office,warehouse' },
    verbose: { type: 'boolean', default: false },
  },
});
const all: EpisodeResult[] = [];
for (const w of values.worlds.split(',')) {
  const sim = new Simulator({ world: loadWorldFile(fileURLToPath(new URL(`../../../worlds/${w}.sdf`, import.meta.url))), seed: 1, start: { x: 0, y: 0, yaw: 0 } }) as unknown as EpisodeSim;
  const res = runEpisodes(sim, Number(values.episodes), Number(values.seed), { useStaticMap: !values['lidar-only'] });
  all.push(...res);
  const ok = res.filter((r) => r.success).length;
  console.log(`${w}: ${ok}/${res.length} succeeded, collisions ${res.reduce((a, r) => a + r.collisions, 0)}, mean ratio ${(res.reduce((a, r) => a + r.ratio, 0) / res.length).toFixed(3)}`);
  if (values.verbose) for (const r of res) console.log(`  seed ${r.seed} ${r.state} driven ${r.pathLength.toFixed(2)} shortest ${r.shortest.toFixed(2)} ratio ${r.ratio.toFixed(3)} t ${r.simTime.toFixed(1)} recoveries ${r.recoveries}`);
  for (const r of res.filter((x) => !x.success)) console.log(`  failed: seed ${r.seed} ${r.state} ${r.reason} collisions ${r.collisions}`);
  if (Number(values.drive) > 0) console.log('  random driver:', JSON.stringify(runRandomDriver(sim, Number(values.drive), 99, { x: 0, y: 0, yaw: 0 }, { segments: 10 })));
}
const ok = all.filter((r) => r.success).length;
console.log(
  JSON.stringify({
    episodes: all.length,
    success_rate: ok / all.length,
    collisions: all.reduce((a, r) => a + r.collisions, 0),
    mean_ratio: all.reduce((a, r) => a + r.ratio, 0) / all.length,
    max_ratio: Math.max(...all.map((r) => r.ratio)),
    static_map: !values['lidar-only'],
  }),
);
