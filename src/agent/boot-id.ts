// The kernel's boot id: when it changes, the machine rebooted and every
// container the agent knew is gone.
import { readFileSync } from 'node:fs';

/**
 * Test-only: MESOS_AGENT_TEST_BOOT_ID stands in for the kernel's boot id, so
 * that tests can play a reboot without rebooting. Never set it otherwise.
 */
export const TEST_BOOT_ID_ENV = 'MESOS_AGENT_TEST_BOOT_ID';

export function currentBootId(): string {
  const fake = process.env[TEST_BOOT_ID_ENV];
  if (fake) return fake;
  return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
}
