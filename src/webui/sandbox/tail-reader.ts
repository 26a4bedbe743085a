// Follows a file of a sandbox through the agent's /files/read: starts with
// its last `initialBytes`, then reads what is added, 64 KiB at a time, as
// `tail -f` does. The offset advances by the bytes each answer covers, so
// text with multi-byte characters never shifts. A file that shrank (was
// truncated) is read again from its start. At most `keepChars` characters
// are kept; the oldest are dropped first, and counted.
import type { ReadAnswer } from '../api/agent-api.js';

export const CHUNK_BYTES = 64 * 1024;

export interface TailView {
  text: string;
  /** Bytes before the first one shown (not read, or dropped). */
  hiddenBytes: number;
  /** The file's size as far as read. */
  offset: number;
  /** The file was truncated while followed and read again from its start. */
  restarted: boolean;
}

export type ReadFn = (offset: number, length?: number) => Promise<ReadAnswer>;

const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

export class TailReader {
  private view: TailView = { text: '', hiddenBytes: 0, offset: -1, restarted: false };

  constructor(
    private readonly readAt: ReadFn,
    private readonly initialBytes = 256 * 1024,
    private readonly keepChars = 1024 * 1024,
  ) {}

  get current(): TailView {
    return this.view;
  }

  /** Reads what is new (at most `maxChunks` chunks); returns whether anything changed. */
  async poll(maxChunks = 16): Promise<boolean> {
    if (this.view.offset < 0) {
      const { offset: size } = await this.readAt(-1);
      const start = Math.max(0, size - this.initialBytes);
      this.view = { ...this.view, offset: start, hiddenBytes: start };
    }
    let changed = false;
    for (let i = 0; i < maxChunks; i++) {
      const answer = await this.readAt(this.view.offset, CHUNK_BYTES);
      const bytes = answer.length ?? utf8Length(answer.data);
      if (bytes === 0) return (await this.checkTruncated()) || changed;
      this.append(answer.data, bytes);
      changed = true;
      // A full chunk may end up to 3 bytes short (a character is not cut): more may follow.
      if (bytes < CHUNK_BYTES - 3) break;
    }
    return changed;
  }

  private append(data: string, bytes: number): void {
    let text = this.view.text + data;
    let hidden = this.view.hiddenBytes;
    if (text.length > this.keepChars) {
      const cut = text.length - this.keepChars;
      hidden += utf8Length(text.slice(0, cut));
      text = text.slice(cut);
    }
    this.view = { ...this.view, text, hiddenBytes: hidden, offset: this.view.offset + bytes };
  }

  private async checkTruncated(): Promise<boolean> {
    const { offset: size } = await this.readAt(-1);
    if (size >= this.view.offset) return false;
    this.view = { text: '', hiddenBytes: 0, offset: 0, restarted: true };
    return true;
  }
}
