// The width yargs wraps help at. Help is rendered ahead of time at the widths
// of HELP_WIDTHS (scripts/build-help.mjs), so a terminal at least 80 columns
// wide is given one of those: the text it would get from yargs, without
// loading yargs (~70 ms). bin/cached-help.cjs snaps the same way (a test holds
// the two equal).
export const HELP_WIDTHS = [110, 80] as const;

export function helpWidth(columns: number | undefined = process.stdout.columns): number {
  if (!columns) return HELP_WIDTHS[0];
  return HELP_WIDTHS.find((width) => columns >= width) ?? columns;
}
