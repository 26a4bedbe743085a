// Timing helpers: medians and p95 (nearest rank) of repeated runs.
import { spawnSync } from 'node:child_process';

import { COMMAND_DEADLINE_MS } from './deadline.js';

export interface Summary {
  median: number;
  p95: number;
  runs: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { median: at(0.5), p95: at(0.95), runs: sorted.length };
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Times `fn` `runs` times after `warmup` untimed runs. */
export async function timeRuns(runs: number, warmup: number, fn: (i: number) => unknown): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = nowMs();
    await fn(i);
    samples.push(nowMs() - start);
  }
  return summarize(samples);
}

/**
 * Times each of `fns` in turn, `runs` rounds after `warmup`: a comparison
 * the load of a shared machine shifts alike (it drifts within a row of
 * timeRuns). Returns each one's summary, and the median of the per-round
 * ratios of each to the first.
 */
export async function timeInterleaved(runs: number, warmup: number, fns: Array<(i: number) => unknown>): Promise<{ summaries: Summary[]; ratios: number[] }> {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn(-1 - i);
  const samples: number[][] = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [k, fn] of fns.entries()) {
      const start = nowMs();
      await fn(i);
      samples[k]!.push(nowMs() - start);
    }
  }
  const ratios = samples.map((row) => summarize(row.map((t, i) => t / samples[0]![i]!)).median);
  return { summaries: samples.map(summarize), ratios };
}

/** A timed run of a command: it must exit with `status` within the command deadline. */
export function spawnTimer(argv: string[], env: NodeJS.ProcessEnv = process.env, status = 0): () => void {
  return () => {
    const r = spawnSync(argv[0]!, argv.slice(1), { stdio: 'ignore', env, timeout: COMMAND_DEADLINE_MS, killSignal: 'SIGKILL' });
    if (r.error) throw new Error(`${argv.join(' ')}: ${r.error.message}`);
    if (r.status !== status) throw new Error(`${argv.join(' ')} exited ${r.status ?? r.signal}, not ${status}`);
  };
}

/** Runs a command to completion; throws with its stderr if it fails. */
export function runCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr}`);
}

export function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}
