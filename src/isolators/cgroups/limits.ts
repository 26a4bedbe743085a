// From a task's resources to cgroup control values, as Mesos sets them (v1)
// and as runc and systemd map them to v2.
export const CPU_SHARES_PER_CPU = 1024;
export const MIN_CPU_SHARES = 2;
/** The kernel's largest cpu.shares (v2's largest cpu.weight, 10000, maps to it). */
export const MAX_CPU_SHARES = 262_144;
export const MAX_CPUS = MAX_CPU_SHARES / CPU_SHARES_PER_CPU;
/** The kernel's largest memory limit (LONG_MAX rounded down to pages): 8 EiB, in MB. */
export const MAX_MEMORY_MB = 8_796_093_022_207;
export const CFS_PERIOD_US = 100_000;
export const MIN_CFS_QUOTA_US = 1_000;
export const MIN_MEMORY_BYTES = 32 * 1024 * 1024;

export function cpuShares(cpus: number): number {
  return Math.max(MIN_CPU_SHARES, Math.round(cpus * CPU_SHARES_PER_CPU));
}

/** v2's cpu.weight (1..10000) for v1 shares (2..262144). */
export function cpuWeight(shares: number): number {
  return 1 + Math.floor(((Math.min(shares, 262144) - 2) * 9999) / 262142);
}

export function cfsQuotaUs(cpus: number): number {
  return Math.max(MIN_CFS_QUOTA_US, Math.round(cpus * CFS_PERIOD_US));
}

export function memoryBytes(megabytes: number): number {
  return Math.max(MIN_MEMORY_BYTES, Math.round(megabytes * 1024 * 1024));
}
