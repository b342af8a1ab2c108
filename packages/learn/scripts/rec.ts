/** npx tsx packages/learn/scripts/rec.ts OUT EPISODES [train|heldout] [rateHz] */
import { record } from '../src/data/record.ts';
const [out, n, split, rate] = process.argv.slice(2);
const c = await record({ out, episodes: Number(n), seed: 0, split: (split ?? 'train') as 'train', rateHz: Number(rate ?? 4), progress: false });
console.log(JSON.stringify(c.counts));
