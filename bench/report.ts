// One table per figure: medians, p95, and ratios to named references.
import type { Summary } from './stats.js';

export interface Row {
  name: string;
  summary: Summary | undefined;
  note?: string;
}

const ms = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)} ms` : '-');

export function printRows(title: string, rows: Row[], references: string[]): void {
  const refs = references.map((r) => rows.find((row) => row.name === r)?.summary?.median);
  console.log(`\n## ${title}\n`);
  const header = ['what', 'median', 'p95', 'runs', ...references.map((r) => `x ${r}`), 'note'];
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const row of rows) {
    const s = row.summary;
    const ratios = refs.map((ref) => (s && ref ? (s.median / ref).toFixed(2) : '-'));
    console.log(`| ${[row.name, s ? ms(s.median) : 'not run', s ? ms(s.p95) : '-', s ? String(s.runs) : '-', ...ratios, row.note ?? ''].join(' | ')} |`);
  }
}
