// The koffi bindings fail the way Node's own calls do.
import test from 'ava';

import { pidfdOpen, systemCallError } from '../../native-bindings/libc.js';

test('a failed call is an Error with errno, code, syscall and path, as Node fs errors', (t) => {
  const error = systemCallError('umount2', 2, '/no/such/mount');
  t.is(error.message, "ENOENT: no such file or directory, umount2 '/no/such/mount'");
  t.like(error, { errno: -2, code: 'ENOENT', syscall: 'umount2', path: '/no/such/mount' });
  t.true(error instanceof Error);
});

test('pidfd_open of a pid that does not exist throws ESRCH', (t) => {
  t.throws(() => pidfdOpen(2 ** 22 + 7), { code: 'ESRCH', message: /^ESRCH: no such process, pidfd_open$/ } as never);
});
