/** Tokenizer and vocabulary for instructions. The vocabulary is saved with the model (in its card). */

export const UNK = '<unk>';

export interface Tokenized {
  /** Token ids; unknown words map to id 0 (<unk>). */
  ids: number[];
  tokens: string[];
  /** Words not in the vocabulary, in order of appearance (reported in the node's status). */
  unknown: string[];
}

/** Lower-cases, strips punctuation and splits on anything that is not a letter or digit. */
export function splitWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

export class Vocabulary {
  readonly words: readonly string[];
  readonly #index: Map<string, number>;

  /** words[0] must be <unk>; duplicates are refused. */
  constructor(words: readonly string[]) {
    if (words[0] !== UNK) throw new Error(`vocabulary: the first word must be '${UNK}', got '${words[0]}'`);
    this.words = [...words];
    this.#index = new Map();
    words.forEach((w, i) => {
      if (this.#index.has(w)) throw new Error(`vocabulary: duplicate word '${w}' at index ${i}`);
      this.#index.set(w, i);
    });
  }

  /** Builds a vocabulary from a corpus: every word seen at least minCount times, sorted for determinism. */
  static fromCorpus(sentences: Iterable<string>, minCount = 1): Vocabulary {
    const counts = new Map<string, number>();
    for (const s of sentences) for (const w of splitWords(s)) counts.set(w, (counts.get(w) ?? 0) + 1);
    const words = [...counts].filter(([, c]) => c >= minCount).map(([w]) => w).sort();
    return new Vocabulary([UNK, ...words]);
  }

  get size(): number {
    return this.words.length;
  }

  id(word: string): number {
    return this.#index.get(word) ?? 0;
  }

  has(word: string): boolean {
    return this.#index.has(word);
  }

  tokenize(text: string): Tokenized {
    const tokens = splitWords(text);
    const ids: number[] = [];
    const unknown: string[] = [];
    for (const t of tokens) {
      const id = this.#index.get(t);
      if (id === undefined) {
        ids.push(0);
        unknown.push(t);
      } else ids.push(id);
    }
    return { ids, tokens, unknown };
  }

  /**
   * Bag of words: out[i] = 1 when word i occurs. <unk> (index 0) is left at 0, so unknown words
   * change nothing; they are reported instead. Writes into `out` when given (no allocation).
   */
  bagOfWords(text: string, out: Float32Array = new Float32Array(this.size)): { vector: Float32Array; unknown: string[] } {
    if (out.length !== this.size) throw new Error(`bagOfWords: output has length ${out.length}, vocabulary has ${this.size}`);
    out.fill(0);
    const { ids, unknown } = this.tokenize(text);
    for (const id of ids) if (id > 0) out[id] = 1;
    return { vector: out, unknown };
  }

  toJSON(): string[] {
    return [...this.words];
  }
}
