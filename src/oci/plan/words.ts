// The plan the C front-end reads: words, each ended by a NUL byte
// (bubblewrap-style: one flag, then its values as separate words), so that
// the C side parses no JSON. A NUL inside a value cannot be carried.
import { OciConfigError } from '../errors.js';

export class PlanWords {
  private readonly words: string[] = [];

  constructor(private readonly file: string) {}

  add(...values: Array<string | number | bigint>): this {
    for (const value of values) {
      const word = String(value);
      if (word.includes('\0')) throw new OciConfigError(this.file, `a value holds a NUL byte: ${JSON.stringify(word)}`);
      this.words.push(word);
    }
    return this;
  }

  list(): readonly string[] {
    return this.words;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.words.map((w) => `${w}\0`).join(''), 'utf8');
  }
}
