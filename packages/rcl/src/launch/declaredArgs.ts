// `navstack launch FILE --show-args`: the arguments a file and its includes declare, read without running
// the file (as `ros2 launch --show-args` does), so that it works when a required argument is missing or a
// package is not installed. An include whose path cannot be worked out is named instead of failing.
import path from 'node:path';
import { packageResolver, substitute, type SubstitutionContext } from './substitutions.ts';
import type { Part, Template } from './substitutions/grammar.ts';
import { loadLaunchFile } from './parseLaunch.ts';
import { LaunchError, type Entity, type Where } from './types.ts';

export interface ListedArg extends Where {
  name: string;
  /** The default as written (substitutions unevaluated); undefined: required. */
  default?: string;
  description?: string;
  choices?: string[];
  /** Declared inside a group or under a condition: it may not apply. */
  conditional: boolean;
}

export interface ListedArgs {
  args: ListedArg[];
  /** Includes whose arguments could not be listed, with the reason. */
  skipped: string[];
}

/** Writes a template back as launch text. */
export function templateText(t: Template): string {
  const part = (p: Part): string => ('text' in p ? p.text : `$(${[p.sub, ...p.args.map((a) => quoteArg(a.map(part).join('')))].join(' ')})`);
  return t.map(part).join('');
}

function quoteArg(s: string): string {
  return /[ ()]/.test(s) || s === '' ? `'${s}'` : s;
}

export function listLaunchArgs(file: string, options: { args?: Record<string, string>; navstackRoot: string; env?: NodeJS.ProcessEnv; cwd?: string }): ListedArgs {
  const env = { ...(options.env ?? process.env) };
  const pkgs = packageResolver(options.navstackRoot, env);
  const out: ListedArgs = { args: [], skipped: [] };
  const vars = new Map(Object.entries(options.args ?? {}));
  const seen = new Set<string>();
  const ctx = (f: string): SubstitutionContext => ({ vars, env, file: f, findPkgShare: pkgs.findPkgShare, findPkgPrefix: pkgs.findPkgPrefix, knownPackages: pkgs.knownPackages, globalParams: [] });

  const walk = (entities: Entity[], f: string, conditional: boolean, depth: number) => {
    for (const e of entities) {
      const cond = conditional || e.if !== undefined || e.unless !== undefined;
      if (e.kind === 'arg') {
        out.args.push({ name: e.name, default: e.default === undefined ? undefined : templateText(e.default), description: e.description, choices: e.choices, conditional: cond, file: e.file, line: e.line });
        // later includes' paths may use it: take its default where it evaluates
        if (!vars.has(e.name) && e.default !== undefined) {
          try {
            vars.set(e.name, substitute(e.default, ctx(f), e));
          } catch {
            // a default that needs more than this static reading stays unset
          }
        }
      } else if (e.kind === 'let') {
        try {
          vars.set(substitute(e.name, ctx(f), e), substitute(e.value, ctx(f), e));
        } catch {
          // as above
        }
      } else if (e.kind === 'group' || e.kind === 'timer') walk(e.children, f, cond || e.kind === 'group', depth);
      else if (e.kind === 'include') {
        let target: string;
        try {
          target = path.resolve(options.cwd ?? process.cwd(), substitute(e.path, ctx(f), e));
          for (const a of e.args) vars.set(substitute(a.name, ctx(f), e), substitute(a.value, ctx(f), e));
        } catch (err) {
          out.skipped.push(`${e.file}:${e.line}: the included file's arguments are not listed: ${err instanceof LaunchError ? err.message.replace(`${e.file}:${e.line}: `, '') : (err as Error).message}`);
          continue;
        }
        if (seen.has(target) || depth > 20) continue;
        seen.add(target);
        try {
          walk(loadLaunchFile(target).entities, target, cond, depth + 1);
        } catch (err) {
          out.skipped.push(`${e.file}:${e.line}: the arguments of ${target} are not listed: ${(err as Error).message}`);
        }
      }
    }
  };
  const top = path.resolve(options.cwd ?? process.cwd(), file);
  walk(loadLaunchFile(top).entities, top, false, 0);
  return out;
}
