// linux.resources.devices on the v1 devices controller: deny everything the
// rules do not allow, in order, then the devices every container needs
// (the default nodes, ptys), as runc adds them. cgroup v2 needs an eBPF
// program for this, which we do not load yet: the caller warns.
import type { DeviceRule } from '../schema/resources.js';
import { OciConfigError } from '../errors.js';

const ALWAYS_ALLOWED = ['c *:* m', 'b *:* m', 'c 1:3 rwm', 'c 1:5 rwm', 'c 1:7 rwm', 'c 1:8 rwm', 'c 1:9 rwm', 'c 5:0 rwm', 'c 5:1 rwm', 'c 5:2 rwm', 'c 136:* rwm'];

function number(n: number | undefined): string {
  return n === undefined || n < 0 ? '*' : String(n);
}

/** "c 1:3 rwm" for a rule; "a" for every device. */
export function ruleText(rule: DeviceRule, file: string, index: number): string {
  const type = rule.type ?? 'a';
  if (!/^[acb]$/.test(type)) throw new OciConfigError(file, `linux.resources.devices[${index}].type: '${type}' is not a, b or c`);
  const access = rule.access ?? 'rwm';
  if (!/^[rwm]{1,3}$/.test(access) || new Set(access).size !== access.length)
    throw new OciConfigError(file, `linux.resources.devices[${index}].access: '${access}' is not made of r, w and m`);
  if (type === 'a') return 'a';
  return `${type} ${number(rule.major)}:${number(rule.minor)} ${access}`;
}

/** [file, value] writes, in order: devices.allow / devices.deny. */
export function deviceWrites(rules: readonly DeviceRule[], file: string): Array<[string, string]> {
  const writes: Array<[string, string]> = [];
  rules.forEach((rule, i) => writes.push([rule.allow ? 'devices.allow' : 'devices.deny', ruleText(rule, file, i)]));
  for (const text of ALWAYS_ALLOWED) writes.push(['devices.allow', text]);
  return writes;
}
