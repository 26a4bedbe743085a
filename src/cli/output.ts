// Output: JSON for machines, aligned tables for people.
import { writeAll } from './write-all.js';

export function printJson(value: unknown, pretty = true): void {
  writeAll(1, `${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`);
}

export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

export function printTable(headers: string[], rows: string[][]): void {
  writeAll(1, formatTable(headers, rows));
}

/** A line for the operator on stderr: something went wrong beside what the command reports. */
export function warn(message: string): void {
  writeAll(2, `mesos-containerizer: warning: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
}
