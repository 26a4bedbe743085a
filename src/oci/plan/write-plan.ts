import { writeSync } from 'node:fs';

/** The whole buffer to fd (a pipe the front-end reads while we write). */
export function writeAll(fd: number, buffer: Buffer): void {
  for (let off = 0; off < buffer.length; ) off += writeSync(fd, buffer, off);
}
