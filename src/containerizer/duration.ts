// Durations as Mesos's flags take them ("10secs", "5mins", "1weeks"), and the
// short forms people type ("90s", "10m", "2h", "7d", "1w").
import { InvalidInputError } from '../errors.js';

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000, sec: 1000, secs: 1000,
  m: 60_000, min: 60_000, mins: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
};

export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/.exec(text.trim());
  const unit = match ? UNITS[match[2]!] : undefined;
  if (!match || unit === undefined) {
    throw new InvalidInputError('INVALID_DURATION', `invalid --${flag} '${text}': expected a number and a unit (ms, s, m, h, d, w; or Mesos's secs, mins, hrs, days, weeks)`);
  }
  return Number(match[1]) * unit;
}
