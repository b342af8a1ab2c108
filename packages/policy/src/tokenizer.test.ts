import { describe, expect, it } from 'vitest';
import { UNK, Vocabulary, splitWords } from './tokenizer.ts';

describe('tokenizer', () => {
  it('splits, lower-cases and strips punctuation', () => {
    expect(splitWords('Go to the RED box, please!')).toEqual(['go', 'to', 'the', 'red', 'box', 'please']);
    expect(splitWords('  ')).toEqual([]);
  });

  it('maps unknown words to <unk> and reports them, never throws', () => {
    const v = Vocabulary.fromCorpus(['go to the red box', 'find the blue ball']);
    expect(v.words[0]).toBe(UNK);
    const t = v.tokenize('Go to the purple box über 🚀');
    expect(t.ids[4]).toBe(v.id('box'));
    expect(t.ids[3]).toBe(0);
    expect(t.unknown).toEqual(['purple', 'uber']);
    const { vector, unknown } = v.bagOfWords('zzz qqq');
    expect([...vector].every((x) => x === 0)).toBe(true);
    expect(unknown).toEqual(['zzz', 'qqq']);
  });

  it('round-trips through JSON', () => {
    const v = Vocabulary.fromCorpus(['a b c', 'c d']);
    const w = new Vocabulary(JSON.parse(JSON.stringify(v)) as string[]);
    expect(w.words).toEqual(v.words);
    expect(() => new Vocabulary(['a', UNK])).toThrow(/first word/);
  });
});
