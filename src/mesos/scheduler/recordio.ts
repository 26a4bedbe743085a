// RecordIO, the framing of the v1 scheduler API's event stream: each record
// is its length in bytes as decimal text, a newline, then the record itself.
//   record = record-size LF record-data
import { ContainerizerError } from '../../errors.js';

/** One record: `<bytes>\n<json>`. */
export function encodeRecord(json: string): string {
  return `${Buffer.byteLength(json)}\n${json}`;
}

export class RecordIoError extends ContainerizerError {
  constructor(message: string) {
    super('RECORDIO_MALFORMED', message);
  }
}

const NEWLINE = 0x0a;
/** A length line longer than this is not a length (2^64 has 20 digits). */
const MAX_LENGTH_DIGITS = 20;

/**
 * Splits a byte stream into records, whatever the chunk boundaries. Chunks
 * are kept as they came until a record is complete, so a stream of many
 * small records costs no copying beyond the record's own bytes.
 */
export class RecordIoDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The length of the record being read, once its length line is in. */
  private expected: number | undefined;

  /** Feeds bytes; returns every record they complete, as UTF-8 text. */
  push(chunk: Buffer): string[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const records: string[] = [];
    // A large record arriving in pieces is joined once, when it is complete.
    if (this.expected !== undefined && this.buffered < this.expected) return records;
    let buffer = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.buffered);
    let offset = 0;
    for (;;) {
      if (this.expected === undefined) {
        const newline = buffer.indexOf(NEWLINE, offset);
        if (newline === -1) {
          if (buffer.length - offset > MAX_LENGTH_DIGITS) throw new RecordIoError(`RecordIO: no record length within ${MAX_LENGTH_DIGITS} bytes`);
          break;
        }
        const text = buffer.toString('latin1', offset, newline).trim();
        if (!/^\d+$/.test(text)) throw new RecordIoError(`RecordIO: '${text.slice(0, 40)}' is not a record length`);
        this.expected = Number(text);
        offset = newline + 1;
      }
      if (buffer.length - offset < this.expected) break;
      records.push(buffer.toString('utf8', offset, offset + this.expected));
      offset += this.expected;
      this.expected = undefined;
    }
    buffer = offset === 0 ? buffer : buffer.subarray(offset);
    this.chunks = buffer.length > 0 ? [buffer] : [];
    this.buffered = buffer.length;
    return records;
  }

  /** Bytes received that are not a whole record yet. */
  get pending(): number {
    return this.buffered;
  }
}
