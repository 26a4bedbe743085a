// Linux capability names (Mesos's CapabilityInfo.Capability, capabilities(7))
// and their kernel numbers. Names are written without CAP_, in upper case;
// parsing also takes CAP_CHOWN and lower case.
export const CAPABILITY_NUMBERS: Readonly<Record<string, number>> = {
  CHOWN: 0, DAC_OVERRIDE: 1, DAC_READ_SEARCH: 2, FOWNER: 3, FSETID: 4, KILL: 5, SETGID: 6, SETUID: 7,
  SETPCAP: 8, LINUX_IMMUTABLE: 9, NET_BIND_SERVICE: 10, NET_BROADCAST: 11, NET_ADMIN: 12, NET_RAW: 13,
  IPC_LOCK: 14, IPC_OWNER: 15, SYS_MODULE: 16, SYS_RAWIO: 17, SYS_CHROOT: 18, SYS_PTRACE: 19, SYS_PACCT: 20,
  SYS_ADMIN: 21, SYS_BOOT: 22, SYS_NICE: 23, SYS_RESOURCE: 24, SYS_TIME: 25, SYS_TTY_CONFIG: 26, MKNOD: 27,
  LEASE: 28, AUDIT_WRITE: 29, AUDIT_CONTROL: 30, SETFCAP: 31, MAC_OVERRIDE: 32, MAC_ADMIN: 33, SYSLOG: 34,
  WAKE_ALARM: 35, BLOCK_SUSPEND: 36, AUDIT_READ: 37, PERFMON: 38, BPF: 39, CHECKPOINT_RESTORE: 40,
};

/** The canonical name (CHOWN) of a name as written (chown, CAP_CHOWN), or undefined. */
export function canonicalCapability(written: string): string | undefined {
  const name = written.trim().toUpperCase().replace(/^CAP_/, '');
  return Object.hasOwn(CAPABILITY_NUMBERS, name) ? name : undefined;
}

/** Names in kernel order, without duplicates. */
export function sortCapabilities(names: Iterable<string>): string[] {
  return [...new Set(names)].sort((a, b) => CAPABILITY_NUMBERS[a]! - CAPABILITY_NUMBERS[b]!);
}

export function capabilityNumbers(names: readonly string[]): number[] {
  return sortCapabilities(names).map((name) => CAPABILITY_NUMBERS[name]!);
}
