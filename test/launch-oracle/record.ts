// Records what the real `ros2 launch` passes each process for every case in cases.ts, into
// test/fixtures/launch/expected.ros2.json (run where ROS 2 is: npx tsx test/launch-oracle/record.ts).
// `npm test` compares navstack's evaluation with these records; the ROS 2 suite compares it live.
import fs from 'node:fs';
import path from 'node:path';
import { CASES, caseKey, GOLDEN, navstackSide, portable } from './cases.ts';
import { cleanup, expectedRecords, REPO_ROOT, rosEnv, runRos2Launch, sortedLines } from './oracle.ts';

const out: Record<string, string[]> = {};
for (const c of CASES) {
  const { prep } = navstackSide(c, rosEnv());
  const real = await runRos2Launch(path.join(REPO_ROOT, c.file), prep, expectedRecords(prep.launch!.actions));
  out[caseKey(c)] = portable(sortedLines(real.records), prep);
  console.log(`${caseKey(c)}: ${out[caseKey(c)]!.length} records`);
  cleanup(prep);
}
fs.writeFileSync(GOLDEN, `${JSON.stringify(out, null, 1)}\n`);
