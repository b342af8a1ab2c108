/** A min-heap of integer ids keyed by float priorities (parallel typed arrays, no allocation per push). */
export class BinaryHeap {
  #ids: Int32Array;
  #keys: Float64Array;
  #size = 0;
  constructor(capacity = 1024) {
    this.#ids = new Int32Array(capacity);
    this.#keys = new Float64Array(capacity);
  }
  get size(): number {
    return this.#size;
  }
  clear(): void {
    this.#size = 0;
  }
  push(id: number, key: number): void {
    if (this.#size === this.#ids.length) {
      const ids = new Int32Array(this.#ids.length * 2);
      ids.set(this.#ids);
      const keys = new Float64Array(this.#keys.length * 2);
      keys.set(this.#keys);
      this.#ids = ids;
      this.#keys = keys;
    }
    const ids = this.#ids;
    const keys = this.#keys;
    let i = this.#size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! <= key) break;
      ids[i] = ids[p]!;
      keys[i] = keys[p]!;
      i = p;
    }
    ids[i] = id;
    keys[i] = key;
  }
  /** Removes and returns the id with the smallest key (-1 when empty). */
  pop(): number {
    if (this.#size === 0) return -1;
    const ids = this.#ids;
    const keys = this.#keys;
    const top = ids[0]!;
    const n = --this.#size;
    if (n > 0) {
      const id = ids[n]!;
      const key = keys[n]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && keys[c + 1]! < keys[c]!) c++;
        if (keys[c]! >= key) break;
        ids[i] = ids[c]!;
        keys[i] = keys[c]!;
        i = c;
      }
      ids[i] = id;
      keys[i] = key;
    }
    return top;
  }
}
