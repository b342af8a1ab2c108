import { record } from '../src/data/record.ts';
const [out, n, split] = process.argv.slice(2);
const c = await record({ out, episodes: Number(n), seed: 0, split: (split ?? 'train') as 'train', progress: true });
console.log(JSON.stringify(c.counts));
