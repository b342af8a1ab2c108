// The README's table of the bundled worlds: each world's landmarks (labelled as sim_node labels them in world_markers) and
// instructions to try, generated from worlds/*.sdf and checked against the shipped model's parser, so it cannot go
// stale (worldsDocs.test.ts keeps the README in step; NAVSTACK_WRITE_DOCS=1 rewrites it).
import fs from 'node:fs';
import path from 'node:path';
import { cardPathFor, parseInstruction, readCard, Vocabulary, type ParsedInstruction } from '@navstack/policy';
import { loadWorld, worldMarkers, WORLDS_DIR, type WorldObject } from '@navstack/sim';
import { nameable, namePhrase, relationsFor } from '@navstack/learn/suites';
import { NAVSTACK_ROOT } from './paths.ts';

export const WORLDS_BEGIN = '<!-- worlds table: generated from worlds/*.sdf (packages/cli/src/worldsDocs.ts) -->';
export const WORLDS_END = '<!-- end of worlds table -->';

/** The model whose vocabulary decides which instructions are understood (what `npm start` runs). */
const SHIPPED_MODEL = path.join(NAVSTACK_ROOT, 'models/policy.onnx');

/** relationsFor's kinds as the instruction parser names them. */
const RELATION_OF: Record<string, string> = { nearest: 'extreme', farthest: 'extreme', left: 'side', right: 'side', wall: 'near-wall', 'next-to': 'next-to' };

export interface Start {
  x: number;
  y: number;
  yaw: number;
}

/** A world's documented start pose: its header comment says "Robot start: X Y YAW" (sim.launch.xml's robot_x/y/yaw). */
export function startPose(file: string, text: string): Start {
  const m = /Robot start: (-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)/.exec(text);
  if (!m) throw new Error(`${file}: no "Robot start: X Y YAW" in its header comment; the worlds table needs it to say where relations are measured from`);
  return { x: Number(m[1]), y: Number(m[2]), yaw: Number(m[3]) };
}

/** Throws unless `text` parses, with the shipped vocabulary, to a goal for `o` (and `relation`, if given) with no unknown words. */
function checkUnderstood(text: string, o: WorldObject, vocab: Vocabulary, relation?: string): void {
  const p: ParsedInstruction = parseInstruction(text, vocab);
  const ok = p.kind === 'goal' && p.unknown.length === 0 && p.target.color === o.color && p.target.shape === o.shape &&
    (p.target.size === undefined || p.target.size === o.size) && p.relation?.kind === relation;
  if (!ok) throw new Error(`worlds table: '${text}' does not parse to ${o.name} (${relation ?? 'no relation'}): ${JSON.stringify(p)}`);
}

function instructionsFor(o: WorldObject, objects: WorldObject[], start: Start, world: Parameters<typeof relationsFor>[3], vocab: Vocabulary): string {
  if (!nameable(world).includes(o)) {
    const text = `go to the ${o.color} ${o.shape}`;
    if (parseInstruction(text, vocab).kind !== 'refused') throw new Error(`worlds table: '${text}' was expected to be refused (${o.color} is not a model colour)`);
    return `none: ${o.color} is not a colour the model knows (\`${text}\` is refused, saying so)`;
  }
  // The size only where it tells look-alikes apart; identical landmarks are all the same answer.
  const { size, alternatives } = namePhrase(o, objects);
  const plain = `go to the ${[alternatives.length ? undefined : size, o.color, o.shape].filter(Boolean).join(' ')}`;
  checkUnderstood(plain, o, vocab);
  const lookAlikes = objects.filter((p) => p !== o && p.color === o.color && p.shape === o.shape);
  // Without look-alikes "nearest" and "farthest" would be true of any object: only relations that say something.
  const relational = relationsFor(o, lookAlikes, objects, world, start)
    .filter((r) => lookAlikes.length > 0 || (r.kind !== 'nearest' && r.kind !== 'farthest'))
    .map((r) => {
      const text = `go to the ${r.phrase}`;
      checkUnderstood(text, o, vocab, RELATION_OF[r.kind]);
      return text;
    });
  const either = alternatives.length ? ` (this one or ${alternatives.map((a) => a.name).join(', ')}: identical)` : '';
  return [`\`${plain}\`${either}`, ...relational.map((t) => `\`${t}\``)].join(', ');
}

const num = (v: number) => (Math.round(v * 10) / 10).toFixed(1);

/** The launch command that opens `name` with the robot at its documented start. */
function startCommand(name: string, s: Start): string {
  const args = [`world:=${name}`, ...(s.x ? [`robot_x:=${s.x}`] : []), ...(s.y ? [`robot_y:=${s.y}`] : []), ...(s.yaw ? [`robot_yaw:=${s.yaw}`] : [])];
  return `npm start -- ${args.join(' ')}`;
}

export async function worldsTable(): Promise<string> {
  const vocab = new Vocabulary((await readCard(cardPathFor(SHIPPED_MODEL))).vocabulary);
  const rows: string[] = [];
  for (const f of fs.readdirSync(WORLDS_DIR).filter((n) => n.endsWith('.sdf')).sort()) {
    const file = path.join(WORLDS_DIR, f);
    const start = startPose(`worlds/${f}`, fs.readFileSync(file, 'utf8'));
    const { world } = loadWorld(file);
    const name = f.replace(/\.sdf$/, '');
    // The labels exactly as sim_node publishes them (one text marker per landmark, in the objects' order).
    const labels = worldMarkers(world).markers.filter((m) => m.ns === 'landmarks').map((m) => m.text);
    world.objects.forEach((o, i) => {
      const first = i === 0 ? `**${name}**<br>\`${startCommand(name, start)}\`` : '';
      rows.push(`| ${first} | ${labels[i]} | ${num(o.x)}, ${num(o.y)} | ${instructionsFor(o, world.objects, start, world, vocab)} |`);
    });
  }
  return [
    WORLDS_BEGIN,
    '| world (and how to open it) | landmark (its world_markers label) | at x, y (m) | instructions to try |',
    '|---|---|---|---|',
    ...rows,
    WORLDS_END,
  ].join('\n');
}
