/**
 * Seeded procedural tasks for language-conditioned object-goal navigation: a room with 3-6 objects,
 * distractors that share the target's colour or its shape, a start at least 3 m from the target,
 * the target out of the camera's view at the start in ~40% of tasks, and an English instruction.
 * 'train' and 'heldout' splits use disjoint world seeds, different layout ranges and different sentence forms.
 */
import { mulberry32 } from '../model.ts';
import { distanceToObject } from './raycast.ts';
import type { Pose2D, Shape, Task, World, WorldObject } from './types.ts';

export type Split = 'train' | 'heldout';

export const TRAIN_COLORS = ['red', 'green', 'blue', 'yellow', 'orange', 'purple'] as const;
export const SHAPES: Shape[] = ['box', 'cylinder', 'sphere'];
export const SHAPE_WORDS: Record<Shape, string[]> = {
  box: ['box', 'cube', 'crate'],
  cylinder: ['cylinder', 'pillar', 'column'],
  sphere: ['sphere', 'ball'],
};

/** Sentence forms. {c} colour, {s} shape word, {a} optional size adjective + space. */
export const TEMPLATES: Record<Split, string[]> = {
  train: [
    'go to the {a}{c} {s}',
    'find the {a}{c} {s}',
    'drive to the {a}{c} {s}',
    'navigate to the {a}{c} {s} please',
    'move towards the {a}{c} {s}',
    'head for the {a}{c} {s}',
    'get close to the {a}{c} {s}',
    'the {c} {s}',
    'go to the {a}{c} {s} near the wall',
    'drive over to the {a}{c} {s} by the wall',
  ],
  heldout: [
    'could you take me over to that {a}{c} {s}',
    'i want you to approach the {c} {s} in this room',
    'look for a {c} {s} and stop next to it',
    'your goal is the {a}{c} {s}',
    'please go and stand beside the {c} {s}',
  ],
};

export interface ScenarioOptions {
  split: Split;
  /** Probability that the target is outside the camera's view at the start. */
  outOfViewRate?: number;
  hfov?: number;
}

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)];
}

/** World seeds of the two splits never overlap: train seeds are even-mixed, held-out offset by 1e6. */
export function worldSeed(split: Split, index: number): number {
  return split === 'train' ? index : 1_000_000 + index;
}

function makeObject(rnd: () => number, name: string, color: string, shape: Shape, tall: boolean): WorldObject {
  if (shape === 'box') {
    const s = 0.4 + rnd() * 0.3;
    const h = tall ? 0.8 + rnd() * 0.4 : 0.35 + rnd() * 0.25;
    return { name, color, shape, size: [s, s, h], x: 0, y: 0, radius: (s * Math.SQRT2) / 2 };
  }
  if (shape === 'cylinder') {
    const r = 0.15 + rnd() * 0.15;
    const h = tall ? 0.9 + rnd() * 0.4 : 0.4 + rnd() * 0.3;
    return { name, color, shape, size: [2 * r, 2 * r, h], x: 0, y: 0, radius: r };
  }
  const r = 0.2 + rnd() * 0.15;
  return { name, color, shape, size: [2 * r, 2 * r, 2 * r], x: 0, y: 0, radius: r };
}

export function describeObject(o: WorldObject): string {
  return `${o.color} ${o.shape}`;
}

export function generateTask(seed: number, options: ScenarioOptions): Task {
  const { split } = options;
  const hfov = options.hfov ?? (60 * Math.PI) / 180;
  const outRate = options.outOfViewRate ?? 0.4;
  const rnd = mulberry32(seed * 7919 + (split === 'train' ? 17 : 29));
  const [wMin, wMax] = split === 'train' ? [7, 10] : [9, 12];
  const width = wMin + rnd() * (wMax - wMin);
  const height = wMin + rnd() * (wMax - wMin);
  const bounds = { minX: -width / 2, minY: -height / 2, maxX: width / 2, maxY: height / 2 };
  const nObjects = split === 'train' ? 3 + Math.floor(rnd() * 3) : 4 + Math.floor(rnd() * 3);

  // Target and distractors: at least one shares the colour, one shares the shape.
  const tColor = pick(rnd, TRAIN_COLORS);
  const tShape = pick(rnd, SHAPES);
  const specs: { color: string; shape: Shape }[] = [{ color: tColor, shape: tShape }];
  specs.push({ color: tColor, shape: pick(rnd, SHAPES.filter((s) => s !== tShape)) });
  specs.push({ color: pick(rnd, TRAIN_COLORS.filter((c) => c !== tColor)), shape: tShape });
  while (specs.length < nObjects) {
    const s = { color: pick(rnd, TRAIN_COLORS), shape: pick(rnd, SHAPES) };
    if (s.color === tColor && s.shape === tShape) continue;
    specs.push(s);
  }
  const objects: WorldObject[] = [];
  for (let i = 0; i < specs.length; i++) {
    const o = makeObject(rnd, `${specs[i].color}_${specs[i].shape}_${i}`, specs[i].color, specs[i].shape, rnd() < 0.5);
    for (let attempt = 0; attempt < 200; attempt++) {
      o.x = bounds.minX + 0.9 + rnd() * (width - 1.8);
      o.y = bounds.minY + 0.9 + rnd() * (height - 1.8);
      if (objects.every((q) => Math.hypot(q.x - o.x, q.y - o.y) > q.radius + o.radius + 1.1)) break;
    }
    objects.push(o);
  }
  const target = objects[0];
  // Shuffle so the target is not always first.
  for (let i = objects.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [objects[i], objects[j]] = [objects[j], objects[i]];
  }

  // Start: free, >= 3 m from the target's boundary, target in or out of view as drawn.
  let start: Pose2D = { x: 0, y: 0, yaw: 0 };
  for (let attempt = 0; attempt < 500; attempt++) {
    const x = bounds.minX + 0.7 + rnd() * (width - 1.4);
    const y = bounds.minY + 0.7 + rnd() * (height - 1.4);
    if (distanceToObject(x, y, target) < 3) continue;
    if (objects.some((o) => distanceToObject(x, y, o) < 0.7)) continue;
    const toTarget = Math.atan2(target.y - y, target.x - x);
    const out = rnd() < outRate;
    const off = out ? hfov / 2 + 0.35 + rnd() * (2 * Math.PI - hfov - 0.7) : (rnd() * 2 - 1) * (hfov / 2 - 0.2);
    const yaw = Math.atan2(Math.sin(toTarget + off), Math.cos(toTarget + off));
    start = { x, y, yaw };
    break;
  }

  const tall = target.size[2] > 0.75 && target.shape !== 'sphere';
  const adj = rnd() < 0.3 ? (target.shape === 'sphere' ? '' : tall ? 'tall ' : 'short ') : '';
  const sentence = pick(rnd, TEMPLATES[split])
    .replace('{a}', adj)
    .replace('{c}', target.color)
    .replace('{s}', pick(rnd, SHAPE_WORDS[target.shape]));
  const world: World = { name: `${split}-${seed}`, objects, bounds };
  return { world, start, target: target.name, instruction: sentence, seed };
}

/** Every word any training sentence may contain (the vocabulary is built from this corpus). */
export function trainingCorpus(): string[] {
  const out: string[] = [];
  for (const t of TEMPLATES.train)
    for (const c of TRAIN_COLORS) for (const s of Object.values(SHAPE_WORDS).flat()) for (const a of ['', 'tall ', 'short ']) out.push(t.replace('{a}', a).replace('{c}', c).replace('{s}', s));
  return out;
}
