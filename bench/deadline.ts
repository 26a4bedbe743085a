// Every wait in the bench has a deadline: a row that cannot finish fails and
// says so in its table, and the run goes on (it never hangs).
import type { Row } from './report.js';

export const ROW_DEADLINE_MS = 120_000;
export const COMMAND_DEADLINE_MS = 30_000;

export class BenchTimeout extends Error {
  constructor(what: string, ms: number) {
    super(`timed out after ${ms} ms waiting for ${what}`);
  }
}

/** Resolves as `promise` does, or rejects with BenchTimeout after `ms`. */
export function withDeadline<T>(what: string, promise: Promise<T>, ms = COMMAND_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BenchTimeout(what, ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A row that failed or ran out of time says so in the table, and the bench goes on. */
export async function attempt(name: string, measure: () => Promise<Row>): Promise<Row> {
  try {
    return await withDeadline(name, measure(), ROW_DEADLINE_MS);
  } catch (error) {
    return { name, summary: undefined, note: `failed: ${(error as Error).message}` };
  }
}
