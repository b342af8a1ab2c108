import { describe, expect, it } from 'vitest';
import { parseInstruction } from './instruction.ts';
import { Vocabulary } from './tokenizer.ts';

const vocab = new Vocabulary(['<unk>', 'blue', 'box', 'go', 'green', 'red', 'the', 'to', 'yellow']);

describe('parseInstruction', () => {
  it('reads the target attributes and the relation that picks among look-alikes', () => {
    expect(parseInstruction('go to the red box by the wall', vocab)).toMatchObject({ kind: 'goal', target: { color: 'red', shape: 'box' }, relation: { kind: 'near-wall' } });
    expect(parseInstruction('the cylinder next to the blue box', vocab)).toMatchObject({ kind: 'goal', target: { shape: 'cylinder' }, relation: { kind: 'next-to', reference: { color: 'blue', shape: 'box' } } });
    expect(parseInstruction('the sphere on your left', vocab)).toMatchObject({ target: { shape: 'sphere' }, relation: { kind: 'side', side: 'left' } });
    expect(parseInstruction('the nearest red object', vocab)).toMatchObject({ target: { color: 'red' }, relation: { kind: 'extreme', which: 'nearest' } });
    expect(parseInstruction('drive to the farthest green pillar', vocab)).toMatchObject({ target: { color: 'green', shape: 'cylinder' }, relation: { kind: 'extreme', which: 'farthest' } });
    expect(parseInstruction('the small green box', vocab)).toMatchObject({ target: { size: 'small', color: 'green', shape: 'box' } });
    expect(parseInstruction('go to the red box closest to the wall', vocab)).toMatchObject({ relation: { kind: 'near-wall' } });
  });

  it('keeps sentence forms with "next to it" / "beside" as plain targets', () => {
    const p = parseInstruction('look for a green ball and stop next to it', vocab);
    expect(p).toMatchObject({ kind: 'goal', target: { color: 'green', shape: 'sphere' } });
    expect(p.kind === 'goal' && p.relation).toBeFalsy();
    expect(parseInstruction('please go and stand beside the yellow sphere', vocab)).toMatchObject({ kind: 'goal', target: { color: 'yellow', shape: 'sphere' } });
  });

  it('"stop" and "cancel" are orders, not searches', () => {
    expect(parseInstruction('stop', vocab).kind).toBe('stop');
    expect(parseInstruction('Cancel!', vocab).kind).toBe('stop');
    expect(parseInstruction('ok stop now', vocab).kind).toBe('stop');
  });

  it('refuses an instruction that names nothing it can look for, naming the words it did not understand', () => {
    const p = parseInstruction('fetch me a coffee', vocab);
    expect(p).toMatchObject({ kind: 'refused', unknown: ['fetch', 'coffee'] });
    expect(p.kind === 'refused' && p.reason).toMatch(/no word names something I can look for \(not understood: fetch, coffee\)/);
    expect(parseInstruction('', vocab)).toMatchObject({ kind: 'refused', reason: 'the instruction is empty' });
    // a colour the model was not trained on must not send the robot to any box
    expect(parseInstruction('go to the orange box', vocab)).toMatchObject({ kind: 'refused', reason: "the colour 'orange' is not one this model was trained on (red, green, blue, yellow)" });
  });
});
