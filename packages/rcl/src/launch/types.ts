/** Where an entity was written, so that every launch error can name file and line. */
export interface Where {
  file: string;
  line: number;
}

/** Text that may hold substitutions such as $(var x) or $(find-pkg-share navstack). */
export type Sub = string;

export interface Conditional {
  if?: Sub;
  unless?: Sub;
}

export type Entity =
  | ({ kind: 'arg'; name: string; default?: Sub; description?: string } & Where & Conditional)
  | ({ kind: 'let'; name: string; value: Sub } & Where & Conditional)
  | ({ kind: 'include'; path: Sub; args: { name: string; value: Sub }[] } & Where & Conditional)
  | ({ kind: 'group'; scoped: boolean; children: Entity[] } & Where & Conditional)
  | ({ kind: 'push-ros-namespace'; namespace: Sub } & Where & Conditional)
  | ({ kind: 'set-parameter'; name: string; value: Sub } & Where & Conditional)
  | ({ kind: 'set-env'; name: string; value: Sub } & Where & Conditional)
  | ({ kind: 'node'; pkg: Sub; exec: Sub; name?: Sub; namespace?: Sub; params: ParamEntry[]; remaps: { from: Sub; to: Sub }[]; args?: Sub } & Where & Conditional)
  | ({ kind: 'executable'; cmd: Sub; cwd?: Sub; name?: Sub } & Where & Conditional)
  | ({ kind: 'log'; message: Sub } & Where & Conditional);

export type ParamEntry = ({ name: string; value: Sub } | { from: Sub }) & Where;

export interface LaunchDescription {
  file: string;
  entities: Entity[];
}

export class LaunchError extends Error {
  constructor(
    readonly where: Where,
    detail: string,
  ) {
    super(`${where.file}:${where.line}: ${detail}`);
    this.name = 'LaunchError';
  }
}
