// Versions as Mesos's stout parses them: MAJOR[.MINOR[.PATCH]], anything from
// the first '-' dropped, missing parts 0.
export type Version = [number, number, number];

export function parseVersion(text: string): Version | undefined {
  const core = text.split('-')[0]!;
  const parts = core.split('.');
  if (parts.length === 0 || parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) return undefined;
  const [major = 0, minor = 0, patch = 0] = parts.map(Number);
  return [major, minor, patch];
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

export function formatVersion(v: Version): string {
  return v.join('.');
}
