/**
 * Tasks for language-conditioned object-goal navigation, built on @navstack/sim's generateScenario.
 * Kept: scenarios whose target is named by its attributes (colour + shape, or size), with at least three
 * landmarks, a distractor sharing the target's colour or shape, and a start >= 3 m from the target.
 * Dropped: 'relation' instructions ("the box closest to the cylinder"), which a bag-of-words cannot parse.
 * Splits: train = layouts 'room' and 'rooms', world seeds 0..999999, training sentence forms;
 * heldout = layout 'clutter', seeds from 1_000_000, sentence forms never used in training.
 */
import { generateScenario, type Scenario } from '@navstack/sim';
import { Rng } from '@navstack/math';
import type { Split, Task } from './types.ts';

export const SHAPE_SYNONYMS: Record<string, string[]> = {
  box: ['box', 'cube', 'crate'],
  cylinder: ['cylinder', 'pillar', 'column'],
  sphere: ['sphere', 'ball'],
};

/** Sentence forms; {p} is the target phrase ("large red box"). */
export const TEMPLATES: Record<Split, string[]> = {
  train: [
    'go to the {p}',
    'find the {p}',
    'drive to the {p}',
    'navigate to the {p} please',
    'move towards the {p}',
    'head for the {p}',
    'get close to the {p}',
    'the {p}',
    'go to the {p} near the wall',
    'drive over to the {p}',
  ],
  heldout: [
    'could you take me over to that {p}',
    'i want you to approach the {p} in this room',
    'look for a {p} and stop next to it',
    'your goal is the {p}',
    'please go and stand beside the {p}',
  ],
};

export const LAYOUTS: Record<Split, ('room' | 'rooms' | 'clutter')[]> = { train: ['room', 'rooms'], heldout: ['clutter'] };

export function worldSeed(split: Split, index: number): number {
  return split === 'train' ? index : 1_000_000 + index;
}

function rephrase(sc: Scenario, split: Split, rnd: () => number): { sentence: string; phrase: string } {
  const phrase = sc.instruction.replace(/^go to the /, '');
  const words = phrase.split(' ').map((w) => {
    const syn = SHAPE_SYNONYMS[w];
    return syn ? syn[Math.floor(rnd() * syn.length)] : w;
  });
  const t = TEMPLATES[split][Math.floor(rnd() * TEMPLATES[split].length)];
  return { sentence: t.replace('{p}', words.join(' ')), phrase };
}

/** Whether a generated scenario qualifies (see the file comment). */
export function qualifies(sc: Scenario, minStartDistance = 3): boolean {
  if (sc.disambiguation === 'relation') return false;
  if (sc.world.objects.length < 3) return false;
  const t = sc.target;
  if (!sc.world.objects.some((o) => o !== t && o.name !== t.name && (o.color === t.color || o.shape === t.shape))) return false;
  return Math.hypot(t.x - sc.start.x, t.y - sc.start.y) - t.radius >= minStartDistance;
}

/** The task for world index `index` of a split: the first qualifying scenario at or after its seed. */
export function generateTask(split: Split, index: number, options: { landmarkVariety?: boolean } = {}): Task {
  const landmarkVariety = options.landmarkVariety || undefined; // kept out of the task's JSON when off
  const layouts = LAYOUTS[split];
  for (let k = 0; k < 200; k++) {
    const seed = worldSeed(split, index) * 7 + k;
    const layout = layouts[(index + k) % layouts.length];
    const sc = generateScenario(seed, { layout, minTargetDistance: 3, landmarkVariety });
    if (!qualifies(sc)) continue;
    const rng = new Rng(seed ^ 0x9e37);
    const { sentence, phrase } = rephrase(sc, split, () => rng.next());
    return { split, seed, layout, worldName: `${split}-${seed}`, start: sc.start, target: sc.target, instruction: sentence, phrase, objects: sc.world.objects, ...(landmarkVariety && { landmarkVariety }) };
  }
  throw new Error(`generateTask(${split}, ${index}): no qualifying scenario in 200 seeds`);
}

/** Every sentence the training split can produce (the vocabulary is built from it). */
export function trainingCorpus(): string[] {
  const colors = ['red', 'green', 'blue', 'yellow'];
  const out: string[] = [];
  for (const t of TEMPLATES.train)
    for (const c of colors)
      for (const s of Object.values(SHAPE_SYNONYMS).flat())
        for (const a of ['', 'large ', 'small ']) out.push(t.replace('{p}', `${a}${c} ${s}`));
  return out;
}
