// --cpus, --mem and the directory flags, checked before anything is made.
import test from 'ava';

import { validateDirectoryFlag } from '../../src/containerizer/options.js';
import { requireResourceIsolators, validateResources } from '../../src/containerizer/resources.js';
import { cpuShares, cpuWeight, memoryBytes } from '../../src/isolators/cgroups/limits.js';

test('resources within what the kernel takes pass as given; the bounds are the largest values it applies', (t) => {
  t.deepEqual(validateResources({ cpus: 256, mem: 8_796_093_022_207 }), { cpus: 256, mem: 8_796_093_022_207 });
  t.is(cpuShares(256), 262_144, 'the largest cpu.shares');
  t.is(cpuWeight(cpuShares(256)), 10_000, 'the largest cpu.weight');
  t.true(memoryBytes(8_796_093_022_207) <= 2 ** 63 - 4096, 'within the largest memory limit (LONG_MAX in whole pages)');
});

test('past the bounds, or not a positive number: an error naming the flag, the value and the bound', (t) => {
  t.throws(() => validateResources({ cpus: 256.5 }), { code: 'INVALID_RESOURCES', message: "invalid --cpus=256.5: at most 256 CPUs (the kernel's largest cpu.shares, 262144)" } as never);
  t.throws(() => validateResources({ mem: 8_796_093_022_208 }), { message: "invalid --mem=8796093022208: at most 8796093022207 MB (the kernel's largest memory limit, 8 EiB)" });
  t.throws(() => validateResources({ cpus: 0 }), { message: 'invalid --cpus=0: it must be a positive number' });
  t.throws(() => validateResources({ mem: Number.NaN }), { message: 'invalid --mem=NaN: it must be a positive number' });
});

test('a resource needs the isolator that applies it', (t) => {
  t.notThrows(() => requireResourceIsolators({ cpus: 1, mem: 64 }, ['namespaces/pid', 'cgroups/cpu', 'cgroups/mem']));
  t.notThrows(() => requireResourceIsolators({}, ['posix/cpu']));
  t.throws(() => requireResourceIsolators({ cpus: 1 }, ['posix/cpu', 'posix/mem']), {
    code: 'RESOURCE_NOT_ISOLATED',
    message: "--cpus=1 needs the cgroups/cpu isolator to apply it, and --isolation is 'posix/cpu,posix/mem': add cgroups/cpu (or cgroups) to it",
  } as never);
  t.throws(() => requireResourceIsolators({ mem: 64 }, ['cgroups/cpu']), { message: /^--mem=64 needs the cgroups\/mem isolator/ });
});

test('--runtime_dir and --work_dir must be absolute', (t) => {
  t.is(validateDirectoryFlag('work_dir', '/var/lib/x'), '/var/lib/x');
  t.throws(() => validateDirectoryFlag('runtime_dir', 'run'), { code: 'INVALID_DIRECTORY', message: "--runtime_dir must be an absolute path, got 'run'" } as never);
  t.throws(() => validateDirectoryFlag('work_dir', ''), { message: "--work_dir must be an absolute path, got ''" });
});
