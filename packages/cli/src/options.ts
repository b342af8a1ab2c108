import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { UsageError } from './errors.ts';

/** Parses argv with node's parseArgs, then validates and converts with a zod schema; problems become UsageErrors. */
export function parseOptions<S extends z.ZodType>(
  command: string,
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  schema: S,
  allowPositionals = false,
): { values: z.infer<S>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message}`);
  }
  const r = schema.safeParse(parsed.values);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new UsageError(`${command}: option --${issue.path.join('.')}: ${issue.message}`);
  }
  return { values: r.data, positionals: parsed.positionals };
}

/** A number option given as text. */
export const numberText = (min?: number, max?: number) => {
  let n = z.number();
  if (min !== undefined) n = n.min(min, `must be at least ${min}`);
  if (max !== undefined) n = n.max(max, `must be at most ${max}`);
  return z
    .string()
    .refine((s) => s.trim() !== '' && Number.isFinite(Number(s)), 'must be a number')
    .transform(Number)
    .pipe(n);
};
