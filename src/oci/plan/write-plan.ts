import { closeSync, writeSync } from 'node:fs';

/** The plan's last word: the front-end knows the answer is whole and goes on without waiting for our exit. */
export const PLAN_END = '--plan-end';

/** The whole plan to fd (a pipe the front-end reads while we write), ended and closed. */
export function writePlan(fd: number, buffer: Buffer): void {
  const whole = Buffer.concat([buffer, Buffer.from(`${PLAN_END}\0`)]);
  for (let off = 0; off < whole.length; ) off += writeSync(fd, whole, off);
  closeSync(fd);
}
