/**
 * Tasks beyond the generated split: hand-built SDF worlds (worlds/), relational instructions on generated held-out
 * worlds, and instructions naming nothing in the world. Every task is a pure function of its index.
 *
 * - hand-built: a world from a list, one of its landmarks named by the shortest attribute phrase that picks it out
 *   (objects sharing that phrase are accepted alike), a sentence form no training task uses, and a start drawn in
 *   the world's free space at least 3 m from the landmark with a collision-free path to it.
 * - relational: a generated held-out world in which the target shares colour and shape with another landmark and one
 *   relation tells them apart: by the wall, next to a landmark unique by colour and shape, on the left / right of
 *   the start heading, the nearest / farthest from the start.
 * - absent: a generated held-out world and an instruction naming a colour and shape no landmark has.
 */
import { join } from 'node:path';
import { Simulator, generateScenario, loadWorldFile, type World, type WorldObject } from '@navstack/sim';
import { Rng } from '@navstack/math';
import { wrapAngle } from '@navstack/math';
import { REPO_ROOT } from '../paths.ts';
import { closestApproach, referenceMap } from './reference.ts';
import { SHAPE_SYNONYMS, generateTask, worldSeed } from './scenario.ts';
import type { Pose2D, Split, Task } from './types.ts';

/** Hand-built worlds used for training; the other three new ones never are. */
export const HANDBUILT_TRAIN = ['lab', 'corridor', 'storage'];
/** The hand-built suite: the three new worlds kept out of training and the four bundled ones. */
export const HANDBUILT_EVAL = ['apartment', 'classroom', 'workshop', 'empty_room', 'maze', 'office', 'warehouse'];

/** Sentence forms of the hand-built suite: used by no training task and by no other suite. */
export const HANDBUILT_FORMS = [
  'where is the {p}? take me there',
  'bring me to the {p}',
  'can you find the {p} for me',
  'make your way to the {p}',
  'show me where the {p} is',
  'i am looking for the {p}',
];

/** Sentence forms of the relational suite ({p}: the relational phrase). */
export const RELATIONAL_FORMS = ['go to the {p}', 'find the {p}', 'take me to the {p}', 'drive to the {p}'];

const MODEL_COLOURS = ['red', 'green', 'blue', 'yellow'];

const worlds = new Map<string, { world: World; file: string; sim: Simulator }>();
function loadHandbuilt(name: string) {
  let w = worlds.get(name);
  if (!w) {
    const file = join(REPO_ROOT, 'worlds', `${name}.sdf`);
    const world = loadWorldFile(file, { onWarning: () => {} });
    w = { world, file, sim: new Simulator({ world, seed: 0, start: { x: 0, y: 0, yaw: 0 }, physicsHz: 20 }) };
    worlds.set(name, w);
  }
  return w;
}

const synonym = (shape: string, rnd: () => number) => {
  const s = SHAPE_SYNONYMS[shape] ?? [shape];
  return s[Math.floor(rnd() * s.length)];
};

/** The shortest attribute phrase for `o` among `objects`, and the objects it also fits (identical landmarks). */
export function namePhrase(o: WorldObject, objects: WorldObject[]): { size?: string; alternatives: WorldObject[] } {
  const same = objects.filter((p) => p !== o && p.color === o.color && p.shape === o.shape);
  if (same.length === 0) return { alternatives: [] };
  const sameSize = same.filter((p) => p.size === o.size);
  return { size: o.size, alternatives: sameSize };
}

/** The landmarks of a hand-built world that the models can be asked for (colours they were trained on). */
export function nameable(world: World): WorldObject[] {
  return world.objects.filter((o) => MODEL_COLOURS.includes(o.color));
}

/** Task `index` over `names` (round robin over worlds, then landmarks), sentence forms `forms`. */
export function handbuiltTask(names: string[], forms: string[], index: number, split: Split = 'heldout'): Task {
  const name = names[index % names.length];
  const { world, file, sim } = loadHandbuilt(name);
  const objs = nameable(world);
  const round = Math.floor(index / names.length);
  const target = objs[round % objs.length];
  const rng = new Rng(0x5eed ^ (index * 7919 + 17));
  const rnd = () => rng.next();
  const { size, alternatives } = namePhrase(target, world.objects);
  const phrase = [size, target.color, target.shape].filter(Boolean).join(' ');
  const spoken = [size, target.color, synonym(target.shape, rnd)].filter(Boolean).join(' ');
  const instruction = forms[Math.floor(rnd() * forms.length)].replace('{p}', spoken);
  const ref = referenceMap(sim);
  let start: Pose2D | undefined;
  for (let k = 0; k < 500 && !start; k++) {
    const p = ref.samplePose(rnd, world.bounds, 0.45);
    const far = [target, ...alternatives].every((o) => Math.hypot(o.x - p.x, o.y - p.y) - o.radius >= 3);
    if (far && closestApproach(ref, p, target, 0.9, 24)) start = { x: round2(p.x), y: round2(p.y), yaw: round2(p.yaw) };
  }
  if (!start) throw new Error(`handbuiltTask: no start 3 m from ${target.name} in ${file}`);
  return { split, seed: index, layout: 'handbuilt', worldName: name, worldFile: file, start, target, alternatives, instruction, phrase, objects: world.objects };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

type Relational = { phrase: string; kind: string };

/** The relations that tell `t` apart from its look-alikes `others` seen from `start` in `world`. */
export function relationsFor(t: WorldObject, others: WorldObject[], objects: WorldObject[], world: World, start: Pose2D): Relational[] {
  const out: Relational[] = [];
  const d = (o: WorldObject) => Math.hypot(o.x - start.x, o.y - start.y);
  const base = `${t.color} ${t.shape}`;
  if (others.every((o) => d(t) < d(o) - 1.5)) out.push({ phrase: `nearest ${base}`, kind: 'nearest' });
  if (others.every((o) => d(t) > d(o) + 1.5)) out.push({ phrase: `farthest ${base}`, kind: 'farthest' });
  const side = (o: WorldObject) => wrapAngle(Math.atan2(o.y - start.y, o.x - start.x) - start.yaw);
  if (side(t) > 0.35 && side(t) < Math.PI - 0.35 && others.every((o) => side(o) < -0.35 && side(o) > -Math.PI + 0.35)) out.push({ phrase: `${base} on your left`, kind: 'left' });
  if (side(t) < -0.35 && side(t) > -Math.PI + 0.35 && others.every((o) => side(o) > 0.35 && side(o) < Math.PI - 0.35)) out.push({ phrase: `${base} on your right`, kind: 'right' });
  const b = world.bounds;
  const wallGap = (o: WorldObject) => Math.min(o.x - b.minX, b.maxX - o.x, o.y - b.minY, b.maxY - o.y) - o.radius - 0.15;
  if (wallGap(t) < 1.0 && others.every((o) => wallGap(o) > 1.8)) out.push({ phrase: `${base} by the wall`, kind: 'wall' });
  for (const r of objects) {
    if (r === t || others.includes(r) || objects.filter((p) => p.color === r.color && p.shape === r.shape).length !== 1) continue;
    const gap = (o: WorldObject) => Math.hypot(o.x - r.x, o.y - r.y) - o.radius - r.radius;
    if (gap(t) < 1.0 && others.every((o) => gap(o) > 2.5)) {
      out.push({ phrase: `${base} next to the ${r.color} ${r.shape}`, kind: 'next-to' });
      break;
    }
  }
  return out;
}

/**
 * Relational task `index`: generated held-out worlds (from seed 2,000,000, layouts room and clutter) scanned in order
 * for a target with look-alikes and a relation that picks it out. Worlds are cached by index (deterministic).
 */
export const RELATION_KINDS = ['wall', 'next-to', 'left', 'right', 'nearest', 'farthest'];

export function relationalTask(index: number): Task {
  const rng = new Rng(0xa11 ^ (index * 104729));
  const rnd = () => rng.next();
  // each relation in turn: the first world (in seed order) that offers the index's relation, else any relation
  const wanted = RELATION_KINDS[index % RELATION_KINDS.length];
  for (let k = 0; k < 800; k++) {
    const any = k >= 400;
    const seed = 2_000_000 + index * 400 + (k % 400);
    const layout = k % 2 === 0 ? 'room' : 'clutter';
    const sc = generateScenario(seed, { layout, minTargetDistance: 3 });
    const objects = sc.world.objects;
    let ref: ReturnType<typeof referenceMap> | undefined;
    for (const t of objects) {
      const others = objects.filter((o) => o !== t && o.color === t.color && o.shape === t.shape);
      if (others.length === 0) continue;
      if (Math.hypot(t.x - sc.start.x, t.y - sc.start.y) - t.radius < 2) continue;
      const rels = relationsFor(t, others, objects, sc.world, sc.start).filter((r) => any || r.kind === wanted);
      if (rels.length === 0) continue;
      ref ??= referenceMap(new Simulator({ world: sc.world, seed: 0, start: sc.start, physicsHz: 20 }));
      if (!closestApproach(ref, sc.start, t, 0.9, 24)) continue;
      const rel = rels[Math.floor(rnd() * rels.length)];
      const instruction = RELATIONAL_FORMS[Math.floor(rnd() * RELATIONAL_FORMS.length)].replace('{p}', rel.phrase);
      return { split: 'heldout', seed, layout, worldName: `relational-${seed}`, start: sc.start, target: t, instruction, phrase: rel.phrase, objects, relation: rel.kind };
    }
  }
  throw new Error(`relationalTask(${index}): no world with a relational target in 400 seeds`);
}

/** A task whose instruction names a colour and shape that no landmark in the (generated held-out) world has. */
export function absentTask(index: number): Task {
  const seed = worldSeed('heldout', 500_000 + index);
  const sc = generateScenario(seed, { layout: index % 2 === 0 ? 'room' : 'clutter', minTargetDistance: 3 });
  const rng = new Rng(seed ^ 0xab5e);
  const present = new Set(sc.world.objects.map((o) => `${o.color} ${o.shape}`));
  const options = MODEL_COLOURS.flatMap((c) => ['box', 'cylinder', 'sphere'].map((s) => `${c} ${s}`)).filter((p) => !present.has(p));
  const phrase = options[Math.floor(rng.next() * options.length)];
  const [c, s] = phrase.split(' ');
  const instruction = HANDBUILT_FORMS[Math.floor(rng.next() * HANDBUILT_FORMS.length)].replace('{p}', `${c} ${synonym(s, () => rng.next())}`);
  return { split: 'heldout', seed, layout: sc.layout, worldName: `absent-${seed}`, start: sc.start, target: sc.target, instruction, phrase, objects: sc.world.objects, absent: true };
}

/** Task `index` of a suite. */
export function taskFor(suite: { tasks: 'generated' | 'handbuilt' | 'relational' | 'absent'; split: Split; worlds?: string[] }, index: number): Task {
  if (suite.tasks === 'handbuilt') return handbuiltTask(suite.worlds ?? HANDBUILT_EVAL, HANDBUILT_FORMS, index, suite.split);
  if (suite.tasks === 'relational') return relationalTask(index);
  if (suite.tasks === 'absent') return absentTask(index);
  return generateTask(suite.split, index);
}
