/**
 * Instructions parsed into a structured goal (pure, no model): what to look for (the attribute words the network
 * is conditioned on), how to choose among several matches (a relation), or an order to stop. An instruction that
 * names nothing the robot can look for is refused with the reason instead of starting a search.
 *
 * Why a parser rather than a sequence encoder: the relations people use ("by the wall", "next to the blue box",
 * "on your left", "the nearest red object") are about geometry the robot measures (lidar, odometry), not about
 * what an object looks like. The network answers "which columns show a <colour> <shape>"; the relation then picks
 * among the objects it found, with the robot's own map. Each part can be tested alone, the words that were not
 * understood can be named exactly, and the model trains as fast as before.
 */
import { splitWords, type Vocabulary } from './tokenizer.ts';

export const COLOR_WORDS = ['red', 'green', 'blue', 'yellow'] as const;
export const SHAPE_WORDS: Record<string, 'box' | 'cylinder' | 'sphere'> = {
  box: 'box', boxes: 'box', cube: 'box', crate: 'box', block: 'box',
  cylinder: 'cylinder', pillar: 'cylinder', column: 'cylinder', post: 'cylinder',
  sphere: 'sphere', ball: 'sphere', globe: 'sphere',
};
/** Words for "any landmark" ("the nearest red object"). */
const ANY_SHAPE = new Set(['object', 'thing', 'one', 'item', 'landmark']);
const SIZE_WORDS: Record<string, 'small' | 'large'> = { small: 'small', little: 'small', tiny: 'small', large: 'large', big: 'large', huge: 'large', tall: 'large' };
/** Colour words people use that the bundled models were not trained on: naming one must not send the robot to any box. */
const OTHER_COLOURS = new Set(['orange', 'purple', 'pink', 'cyan', 'white', 'black', 'gray', 'grey', 'brown', 'violet', 'magenta', 'beige', 'silver', 'gold']);
const STOP_WORDS = new Set(['stop', 'cancel', 'halt', 'abort', 'freeze', 'wait', 'stay', 'enough']);
const NEAR_WORDS = new Set(['by', 'near', 'beside', 'next', 'against', 'close', 'closest', 'nearest', 'alongside', 'touching']);
const WALL_WORDS = new Set(['wall', 'walls']);
const NEAREST = new Set(['nearest', 'closest']);
const FARTHEST = new Set(['farthest', 'furthest']);
const LEFT_RIGHT: Record<string, 'left' | 'right'> = { left: 'left', right: 'right' };
/** Words that carry no meaning for the task: accepted, never reported as unknown. */
const FILLER = new Set([
  'go', 'to', 'the', 'a', 'an', 'find', 'drive', 'navigate', 'move', 'towards', 'toward', 'head', 'for', 'get', 'please', 'over',
  'that', 'this', 'of', 'on', 'at', 'your', 'you', 'me', 'my', 'in', 'and', 'it', 'is', 'its', 'which', 'who', 'room', 'there',
  'could', 'can', 'would', 'take', 'i', 'want', 'approach', 'look', 'goal', 'and', 'stand', 'reach', 'visit', 'side', 'hand',
  'from', 'robot', 'one', 'now', 'then', 'up', 'with', 'of', 'same', 'colour', 'color', 'hey', 'kindly', 'try', 'search', 'seek', 'locate',
]);

export type Relation =
  /** An object with a wall just behind or beside it. */
  | { kind: 'near-wall' }
  /** The object nearest a reference object, itself named by attributes. */
  | { kind: 'next-to'; reference: Attributes }
  /** Left or right of the robot's heading when the instruction arrived. */
  | { kind: 'side'; side: 'left' | 'right' }
  /** The nearest or farthest match from where the robot was when the instruction arrived. */
  | { kind: 'extreme'; which: 'nearest' | 'farthest' };

export interface Attributes {
  color?: string;
  shape?: 'box' | 'cylinder' | 'sphere';
  size?: 'small' | 'large';
}

export type ParsedInstruction =
  | { kind: 'stop'; understood: string[]; unknown: string[] }
  | { kind: 'refused'; reason: string; understood: string[]; unknown: string[] }
  | { kind: 'goal'; target: Attributes; relation?: Relation; understood: string[]; unknown: string[]; text: string };

/** The phrase the network is conditioned on: "small red box" (a shape word always, "box" when any shape goes). */
export function attributePhrase(a: Attributes): string {
  return [a.size, a.color, a.shape].filter(Boolean).join(' ');
}

export function describe(a: Attributes): string {
  return [a.size, a.color, a.shape ?? 'object'].filter(Boolean).join(' ');
}

function readAttributes(words: string[], vocab: Vocabulary | undefined, understood: string[]): Attributes {
  const a: Attributes = {};
  for (const w of words) {
    if ((COLOR_WORDS as readonly string[]).includes(w) && (!vocab || vocab.has(w))) (a.color = w), understood.push(w);
    else if (SHAPE_WORDS[w]) (a.shape = SHAPE_WORDS[w]), understood.push(w);
    else if (ANY_SHAPE.has(w)) understood.push(w);
    else if (SIZE_WORDS[w]) (a.size = SIZE_WORDS[w]), understood.push(w);
  }
  return a;
}

const known = (a: Attributes) => a.color !== undefined || a.shape !== undefined;

/** Parses an instruction. `vocab`: the model's vocabulary (colour words it was not trained on are unknown). */
export function parseInstruction(text: string, vocab?: Vocabulary): ParsedInstruction {
  const words = splitWords(text);
  const understood: string[] = [];
  const lexicon = (w: string) =>
    (COLOR_WORDS as readonly string[]).includes(w) || SHAPE_WORDS[w] !== undefined || ANY_SHAPE.has(w) || SIZE_WORDS[w] !== undefined || STOP_WORDS.has(w) ||
    NEAR_WORDS.has(w) || WALL_WORDS.has(w) || FARTHEST.has(w) || LEFT_RIGHT[w] !== undefined || FILLER.has(w) || (vocab?.has(w) ?? false);
  const unknown = words.filter((w) => !lexicon(w) || ((COLOR_WORDS as readonly string[]).includes(w) && vocab !== undefined && !vocab.has(w)));

  // Relations: "nearest/farthest X" (not "closest to ..."), "X on your left", "X by the wall", "X next to Y".
  let relation: Relation | undefined;
  let targetWords = words;
  const extremeAt = words.findIndex((w, i) => (NEAREST.has(w) || FARTHEST.has(w)) && words[i + 1] !== 'to');
  const sideAt = words.findIndex((w) => LEFT_RIGHT[w] !== undefined);
  const nearAt = words.findIndex((w, i) => NEAR_WORDS.has(w) && i !== extremeAt);
  if (extremeAt >= 0) {
    relation = { kind: 'extreme', which: FARTHEST.has(words[extremeAt]) ? 'farthest' : 'nearest' };
    understood.push(words[extremeAt]);
    targetWords = words.filter((_, i) => i !== extremeAt);
  } else if (sideAt >= 0) {
    relation = { kind: 'side', side: LEFT_RIGHT[words[sideAt]] };
    understood.push(words[sideAt]);
    targetWords = words.slice(0, nearAt >= 0 && nearAt < sideAt ? nearAt : sideAt);
  } else if (nearAt >= 0) {
    const before = words.slice(0, nearAt), after = words.slice(nearAt + 1);
    if (after.some((w) => WALL_WORDS.has(w))) {
      relation = { kind: 'near-wall' };
      understood.push(words[nearAt], ...after.filter((w) => WALL_WORDS.has(w)));
      targetWords = before;
    } else if (known(readAttributes(before, vocab, []))) {
      const refUnderstood: string[] = [];
      const reference = readAttributes(after, vocab, refUnderstood);
      if (known(reference)) {
        relation = { kind: 'next-to', reference };
        understood.push(words[nearAt], ...refUnderstood);
        targetWords = before;
      }
    }
  }
  const target = readAttributes(targetWords, vocab, understood);
  const badColour = targetWords.find((w) => OTHER_COLOURS.has(w) || ((COLOR_WORDS as readonly string[]).includes(w) && vocab !== undefined && !vocab.has(w)));
  if (badColour) {
    const colours = COLOR_WORDS.filter((c) => !vocab || vocab.has(c)).join(', ');
    return { kind: 'refused', reason: `the colour '${badColour}' is not one this model was trained on (${colours})`, understood, unknown };
  }
  if (!known(target)) {
    if (words.some((w) => STOP_WORDS.has(w))) return { kind: 'stop', understood: words.filter((w) => STOP_WORDS.has(w)), unknown };
    const reason = words.length === 0
      ? 'the instruction is empty'
      : `no word names something I can look for${unknown.length ? ` (not understood: ${unknown.join(', ')})` : ''}; name a colour (${COLOR_WORDS.filter((c) => !vocab || vocab.has(c)).join(', ')}) and/or a shape (box, cylinder, sphere)`;
    return { kind: 'refused', reason, understood, unknown };
  }
  return { kind: 'goal', target, relation, understood, unknown, text };
}

/** The instruction with its relational words removed (the ablation): only the target's attributes remain. */
export function withoutRelation(p: ParsedInstruction & { kind: 'goal' }): ParsedInstruction & { kind: 'goal' } {
  return { ...p, relation: undefined };
}
