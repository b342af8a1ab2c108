// Real upstream launch files (ros2/demos, rosbridge_suite, foxglove_bridge, mavros, Autoware, the ROS 2
// docs' examples) that navstack evaluates. They are kept outside this repository (third-party files):
// $NAVSTACK_LAUNCH_CORPUS, or shared/launch-corpus beside the repository, with MANIFEST.json (repository,
// commit, licence, path of each file) and each repository's licence files.
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, prepare, REPO_ROOT, type PackageDirs, type Prepared } from './oracle.ts';

export interface CorpusFile {
  repo: string;
  path: string;
  /** The file's absolute path in the corpus. */
  file: string;
}

export interface Corpus {
  dir: string;
  files: CorpusFile[];
  repos: Record<string, { commit: string; licence: string }>;
  /** Packages of the corpus by name (their directories stand in for share/<pkg>). */
  packages: PackageDirs;
}

export function corpusDir(): string | undefined {
  const candidates = [process.env.NAVSTACK_LAUNCH_CORPUS, path.resolve(REPO_ROOT, '..', 'shared', 'launch-corpus')];
  return candidates.find((d): d is string => d !== undefined && fs.existsSync(path.join(d, 'MANIFEST.json')));
}

export const CORPUS_MISSING = 'no launch-file corpus: set NAVSTACK_LAUNCH_CORPUS to a folder with MANIFEST.json, or put it at ../shared/launch-corpus (third-party files are not kept in this repository)';

export function loadCorpus(dir: string): Corpus {
  const m = JSON.parse(fs.readFileSync(path.join(dir, 'MANIFEST.json'), 'utf8')) as { repos: Corpus['repos']; files: { repo: string; path: string }[] };
  const files = m.files.map((f) => ({ ...f, file: path.join(dir, f.repo.replace('/', '+'), f.path) }));
  const packages = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'package.xml') {
        const name = /<name>\s*([^<\s]+)\s*<\/name>/.exec(fs.readFileSync(p, 'utf8'))?.[1];
        if (name && !packages.has(name)) packages.set(name, d);
      }
    }
  };
  walk(dir);
  return { dir, files, repos: m.repos, packages };
}

export type Reason = 'python-include' | 'custom-tag' | 'missing-file' | 'needs-program' | 'needs-parent' | 'not-runnable' | 'error';

export type Outcome = { ok: true; args: Record<string, string>; prep: Prepared } | { ok: false; reason: Reason; detail: string; prep: Prepared };

/** What each reason means, for the README's table. */
export const REASONS: Record<Reason, string> = {
  'python-include': 'includes a Python launch file (needs ROS 2)',
  'custom-tag': 'uses a tag ROS 2 launch does not have',
  'missing-file': 'needs a file the corpus does not have (downloaded model params under ~/autoware_data, a file of another version of a repository)',
  'needs-program': 'runs a program with $(command) that is not installed here (xacro)',
  'needs-parent': 'only works when included: it needs a parameter or an include argument its parent gives',
  'not-runnable': 'a documentation fragment with placeholders (CONDITION_A)',
  error: 'other',
};

/** The environment of a ROS 2 shell, where the corpus's files run (LD_LIBRARY_PATH is always set there). */
const ROS_LIKE_ENV: NodeJS.ProcessEnv = { ...process.env, LD_LIBRARY_PATH: process.env.LD_LIBRARY_PATH ?? '' };

/**
 * Evaluates one corpus file as `navstack launch --print` would, over stub packages (the corpus's own
 * packages are real). A required argument (or a launch configuration the file expects from the file that
 * includes it) gets a stand-in value, as a user would have to give one.
 */
export function evaluateCorpusFile(f: CorpusFile, corpus: Corpus, prefix?: string, env: NodeJS.ProcessEnv = ROS_LIKE_ENV): Outcome {
  const args: Record<string, string> = {};
  const run = () => prepare(f.file, { args, real: corpus.packages, prefix, skipPythonIncludes: false, env });
  let prep = run();
  for (let i = 0; prep.error && i < 300; i++) {
    const error = prep.error;
    const missing = /missing required argument '([^']+)'(?!.*of the included file)|launch argument '([^']+)' is not set/.exec(error);
    const name = missing?.[1] ?? missing?.[2];
    const choice = /argument '([^']+)' is '[^']*', not one of its choices: '([^']*)'/.exec(error);
    if (name !== undefined && !(name in args)) args[name] = placeholder(name, prep.prefix);
    else if (choice && choice[1]! in args && args[choice[1]!] !== choice[2]) args[choice[1]!] = choice[2]!;
    else if (!fixStandIn(error, args)) break;
    if (!prefix) cleanup(prep);
    prep = run();
  }
  if (!prep.error) return { ok: true, args, prep };
  return { ok: false, reason: classify(prep.error), detail: prep.error, prep };
}

/**
 * A stand-in of the wrong kind (a name where a boolean or a list is read): the error's line says which
 * arguments it reads and how; give those the kind of value it wants.
 */
function fixStandIn(error: string, args: Record<string, string>): boolean {
  const at = /^(\/[^:]+):(\d+): /.exec(error);
  if (!at) return false;
  let line: string;
  try {
    line = fs.readFileSync(at[1]!, 'utf8').split('\n')[Number(at[2]) - 1] ?? '';
  } catch {
    return false;
  }
  const want = /condition must be|not a boolean|name '[^']+' is not defined/.test(error) ? 'False' : /not iterable|len\(/.test(error) ? '[]' : /invalid (namespace|node name)/.test(error) ? 'placeholder' : undefined;
  if (want === undefined) return false;
  let changed = false;
  for (const m of line.matchAll(/\$\(var ([^) ]+)\)/g)) {
    const k = m[1]!;
    if (k in args && STAND_INS.includes(args[k]!) && args[k] !== want) {
      args[k] = want;
      changed = true;
    }
  }
  return changed;
}

const STAND_INS = ['False', 'placeholder', '[]'];

/**
 * A stand-in value for an argument the file needs: an empty params file for paths, a name for topics and
 * frames, else False (a valid boolean for conditions and $(eval), and a valid name).
 */
function placeholder(name: string, prefix: string): string {
  if (/param|path|file|yaml|dir/i.test(name)) {
    const f = path.join(prefix, 'placeholder.param.yaml');
    if (!fs.existsSync(f)) fs.writeFileSync(f, '{}\n');
    return f;
  }
  if (/\/|topic|input|output|frame|name|namespace/i.test(name)) return 'placeholder';
  return 'False';
}

function classify(error: string): Reason {
  if (/Python launch files need ROS 2/.test(error)) return 'python-include';
  if (/unknown launch tag/.test(error)) return 'custom-tag';
  if (/\$\(command\): cannot run/.test(error)) return 'needs-program';
  if (/no launch file|ENOENT/.test(error)) return 'missing-file';
  if (/\$\(param\): parameter|of the included file/.test(error)) return 'needs-parent';
  if (/CONDITION_A|MY_PACKAGE/.test(error)) return 'not-runnable';
  return 'error';
}
