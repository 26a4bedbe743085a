// Resources as /state gives them ({"cpus":2,"mem":1024,"ports":"[31000-32000]"}):
// sums over agents, and one line of text.
import type { Resources } from '../api/master-state.js';
import { formatNumber } from './format.js';

export const SCALARS = ['cpus', 'mem', 'disk'] as const;

export function scalar(resources: Resources | undefined, name: string): number {
  const value = resources?.[name];
  return typeof value === 'number' ? value : 0;
}

export function sumScalars(list: ReadonlyArray<Resources | undefined>): Record<(typeof SCALARS)[number], number> {
  return { cpus: list.reduce((s, r) => s + scalar(r, 'cpus'), 0), mem: list.reduce((s, r) => s + scalar(r, 'mem'), 0), disk: list.reduce((s, r) => s + scalar(r, 'disk'), 0) };
}

const UNITS: Record<string, string> = { mem: ' MB', disk: ' MB' };

/** "cpus 0.5, mem 128 MB, ports [31000-31001]"; "none" when empty. */
export function resourcesText(resources: Resources | undefined): string {
  const entries = Object.entries(resources ?? {});
  if (entries.length === 0) return 'none';
  return entries.map(([name, value]) => `${name} ${typeof value === 'number' ? `${formatNumber(value)}${UNITS[name] ?? ''}` : value}`).join(', ');
}
