// Real upstream launch files (ros2/demos, rosbridge_suite, foxglove_bridge, mavros, Autoware, the ROS 2
// docs' examples) that `navstack launch --print` evaluates. The files are third-party and kept outside this
// repository (see test/launch-oracle/corpus.ts for where); without them this suite skips, saying so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS_MISSING, corpusDir, evaluateCorpusFile, loadCorpus, REASONS, type Outcome, type Reason } from './launch-oracle/corpus.ts';

const dir = corpusDir();

describe.skipIf(!dir)(`upstream launch files${dir ? '' : ` (skipped: ${CORPUS_MISSING})`}`, () => {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-corpus-'));
  afterAll(() => fs.rmSync(prefix, { recursive: true, force: true }));

  it('evaluates every file that has no Python include and no custom tag, and says why for the rest', () => {
    const corpus = loadCorpus(dir!);
    const outcomes = corpus.files.map((f) => ({ f, o: evaluateCorpusFile(f, corpus, prefix) as Outcome }));
    const by = new Map<string, string[]>();
    for (const { f, o } of outcomes) {
      const k = o.ok ? 'ok' : o.reason;
      by.set(k, [...(by.get(k) ?? []), `${f.repo}/${f.path}${o.ok ? '' : `: ${o.detail}`}`]);
    }
    const ok = by.get('ok')?.length ?? 0;
    const summary = [`${ok} of ${corpus.files.length} upstream launch files evaluate`, ...[...by].filter(([k]) => k !== 'ok').map(([k, v]) => `${v.length}: ${REASONS[k as Reason]}`)].join('; ');
    console.log(summary);
    expect(corpus.files.length).toBeGreaterThanOrEqual(60);
    // the files without Python includes or custom tags: every one evaluates, or fails only for want of
    // something outside navstack (a file its repository lacks, a program, what a parent file gives)
    expect(by.get('error') ?? [], summary).toEqual([]);
    expect(by.get('custom-tag') ?? []).toEqual([]);
  });
});
