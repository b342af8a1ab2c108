import { bench } from '../src/bench.ts';
console.log(JSON.stringify(await bench({ quick: process.argv.includes('--quick') }), null, 1));
