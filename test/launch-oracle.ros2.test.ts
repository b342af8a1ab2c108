// `navstack launch --print` against the real `ros2 launch` of ROS 2 Jazzy: for navstack's own launch files
// (issue 11), the feature fixtures, and the upstream corpus where it is present, what launch_ros passes each
// process (node name, namespace, args, ros_args, remaps, set_parameter rules, params files, the params files
// it writes for inline <param>s) and each LoadNode request to a component container must be what navstack
// evaluates. Every package is a stub (test/launch-oracle/stub_node.py) that records what it was given.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CASES, caseKey, GOLDEN, navstackSide, portable } from './launch-oracle/cases.ts';
import { CORPUS_MISSING, corpusDir, evaluateCorpusFile, loadCorpus } from './launch-oracle/corpus.ts';
import { canonNavstack, cleanup, expectedRecords, REPO_ROOT, ros2Status, rosEnv, runRos2Launch, sortedLines } from './launch-oracle/oracle.ts';

const status = ros2Status();
const skipReason = status.available ? '' : ` (skipped: ${status.reason})`;

describe.skipIf(!status.available)(`navstack launch --print equals what the real ros2 launch passes${skipReason}`, () => {
  const golden = JSON.parse(fs.readFileSync(GOLDEN, 'utf8')) as Record<string, string[]>;

  it.each(CASES.map((c) => [caseKey(c), c] as const))('%s', async (_key, c) => {
    const { prep, lines } = navstackSide(c, rosEnv());
    try {
      const real = await runRos2Launch(path.join(REPO_ROOT, c.file), prep, expectedRecords(prep.launch!.actions));
      expect(lines, real.output).toEqual(portable(sortedLines(real.records), prep));
      // the records npm test checks against are still what ros2 launch does
      expect(lines).toEqual(golden[caseKey(c)]);
    } finally {
      cleanup(prep);
    }
  });
});

const corpus = corpusDir();

describe.skipIf(!status.available || !corpus)(`upstream launch files: navstack launch --print equals ros2 launch${skipReason || (corpus ? '' : ` (skipped: ${CORPUS_MISSING})`)}`, () => {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-oracle-corpus-'));
  afterAll(() => fs.rmSync(prefix, { recursive: true, force: true }));

  it('on every file navstack evaluates', { timeout: 60 * 60_000 }, async () => {
    const c = loadCorpus(corpus!);
    const jobs = c.files.map((f) => ({ f, o: evaluateCorpusFile(f, c, prefix, rosEnv()) })).filter((j) => j.o.ok);
    const differ: string[] = [];
    let compared = 0;
    // three launches at a time, each in its own DDS domain
    const worker = async () => {
      for (let j = jobs.shift(); j; j = jobs.shift()) {
        const nav = sortedLines(canonNavstack(j.o.prep.launch!.actions));
        const real = sortedLines((await runRos2Launch(j.f.file, j.o.prep, expectedRecords(j.o.prep.launch!.actions))).records);
        compared++;
        if (JSON.stringify(nav) !== JSON.stringify(real)) {
          const only = (a: string[], b: string[]) => a.filter((l) => !b.includes(l));
          differ.push(`${j.f.repo}/${j.f.path}\n  navstack only: ${only(nav, real).join('\n  ')}\n  ros2 launch only: ${only(real, nav).join('\n  ')}`);
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    console.log(`ros2 launch and navstack launch --print agree on ${compared - differ.length} of ${compared} upstream files`);
    expect(compared).toBeGreaterThanOrEqual(60);
    expect(differ).toEqual([]);
  });
});
