// Hooks: each checked here; the ones run outside the container (prestart,
// createRuntime, poststart, poststop) are recorded for the C front-end in
// the hooks file, the ones run inside (createContainer, startContainer)
// travel in the plan. Both as NUL-separated words:
//   KIND TIMEOUT PATH ARGC ARGS... ENVC ENV...
import type { OciHook, OciHooks } from '../schema/config.js';
import { OciConfigError } from '../errors.js';
import type { PlanWords } from './words.js';

const OUTSIDE = ['prestart', 'createRuntime', 'poststart', 'poststop'] as const;

function hookWords(kind: string, hook: OciHook, where: string, file: string): Array<string | number> {
  if (!hook.path.startsWith('/')) throw new OciConfigError(file, `${where}.path: '${hook.path}' is not an absolute path`);
  if (hook.timeout !== undefined && hook.timeout <= 0) throw new OciConfigError(file, `${where}.timeout: ${hook.timeout} is not a positive number of seconds`);
  (hook.env ?? []).forEach((entry, i) => {
    if (entry.indexOf('=') <= 0) throw new OciConfigError(file, `${where}.env[${i}]: '${entry}' is not NAME=VALUE`);
  });
  const args = hook.args ?? [];
  const env = hook.env ?? [];
  return [kind, hook.timeout ?? 0, hook.path, args.length, ...args, env.length, ...env];
}

/** The hooks file's content, or undefined when there is nothing to run outside. */
export function recordedHooks(hooks: OciHooks | undefined, file: string): Buffer | undefined {
  const words: Array<string | number> = [];
  for (const kind of OUTSIDE) (hooks?.[kind] ?? []).forEach((hook, i) => words.push(...hookWords(kind, hook, `hooks.${kind}[${i}]`, file)));
  if (!words.length) return undefined;
  for (const w of words) if (String(w).includes('\0')) throw new OciConfigError(file, `hooks: a value holds a NUL byte: ${JSON.stringify(w)}`);
  return Buffer.from(words.map((w) => `${w}\0`).join(''), 'utf8');
}

export function hookPlanWords(hooks: OciHooks | undefined, file: string, words: PlanWords): void {
  const inside = [['createContainer', 'create-container'], ['startContainer', 'start-container']] as const;
  for (const [kind, name] of inside) {
    (hooks?.[kind] ?? []).forEach((hook, i) => words.add('--hook', ...hookWords(name, hook, `hooks.${kind}[${i}]`, file)));
  }
  if (hooks?.prestart?.length || hooks?.createRuntime?.length) words.add('--runtime-hooks');
}
