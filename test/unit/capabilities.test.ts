import test from 'ava';

import { parseCapabilityFlag } from '../../src/isolators/linux-capabilities/flags.js';
import { privilegesOf, resolveCapabilities } from '../../src/isolators/linux-capabilities/isolator.js';
import { parseContainerInfo } from '../../src/mesos/container-info.js';

test('capability flags: comma lists or Mesos JSON, CAP_ and case optional, kernel order, empty is none', (t) => {
  t.deepEqual(parseCapabilityFlag('f', 'NET_BIND_SERVICE, cap_chown,CHOWN'), ['CHOWN', 'NET_BIND_SERVICE']);
  t.deepEqual(parseCapabilityFlag('f', '{"capabilities":["KILL","SYS_ADMIN"]}'), ['KILL', 'SYS_ADMIN']);
  t.deepEqual(parseCapabilityFlag('f', ''), []);
  t.throws(() => parseCapabilityFlag('f', 'CHOWN,NOPE'), { message: "unknown capability 'NOPE' in --f (names as in capabilities(7), e.g. CHOWN, NET_BIND_SERVICE)" });
  t.throws(() => parseCapabilityFlag('f', '{"capabilities":"KILL"}'), { message: /invalid --f: expected NAME,NAME\.\.\. or \{"capabilities"/ });
});

test("Mesos's rules: container sets over flags, bounding defaults to effective, nothing beyond the bounding flag", (t) => {
  const info = (effective?: string[], bounding?: string[]) => ({
    ...(effective && { effective_capabilities: { capabilities: effective } }),
    ...(bounding && { bounding_capabilities: { capabilities: bounding } }),
  });
  t.deepEqual(resolveCapabilities(undefined, {}), { no_new_privs: true }, 'no flags, no linux_info: the defaults');
  t.deepEqual(resolveCapabilities(undefined, { effectiveCapabilities: ['CHOWN'] }), { effective: ['CHOWN'], bounding: ['CHOWN'], no_new_privs: true });
  t.deepEqual(resolveCapabilities(info(['KILL']), { effectiveCapabilities: ['CHOWN'], boundingCapabilities: ['CHOWN', 'KILL'] }), {
    effective: ['KILL'],
    bounding: ['CHOWN', 'KILL'],
    no_new_privs: true,
  });
  t.deepEqual(resolveCapabilities(info(undefined, ['KILL']), { effectiveCapabilities: ['KILL'], boundingCapabilities: ['CHOWN', 'KILL'] }).bounding, ['KILL']);
  t.deepEqual(resolveCapabilities(info([]), { boundingCapabilities: ['CHOWN'] }), { effective: [], bounding: ['CHOWN'], no_new_privs: true }, 'an empty list drops all');
  t.throws(() => resolveCapabilities(info(['SYS_ADMIN']), { boundingCapabilities: ['CHOWN'] }), { code: 'INVALID_CAPABILITIES' });
  t.throws(() => resolveCapabilities(info(['CHOWN'], ['CHOWN', 'KILL']), { boundingCapabilities: ['CHOWN'] }), { message: /bounding capabilities KILL are not within --bounding_capabilities \(CHOWN\)/ });
  t.throws(() => resolveCapabilities(info(['KILL'], ['CHOWN']), {}), { message: /effective capabilities KILL are not within the bounding set CHOWN/ });
});

test('the stub gets numbers; a recorded state without sets leaves the defaults', (t) => {
  t.deepEqual(privilegesOf({ effective: ['NET_BIND_SERVICE', 'CHOWN'], bounding: ['CHOWN', 'NET_BIND_SERVICE'], no_new_privs: true }), {
    capabilities: { effective: [0, 10], bounding: [0, 10] },
    noNewPrivileges: true,
  });
  t.deepEqual(privilegesOf({ no_new_privs: true }), { noNewPrivileges: true });
  t.deepEqual(privilegesOf(undefined), { noNewPrivileges: false });
});

test("ContainerInfo.linux_info: Mesos's JSON, capability_info as the old name of the effective set", (t) => {
  const parsed = parseContainerInfo('{"type":"MESOS","linux_info":{"capability_info":{"capabilities":["NET_RAW","CHOWN"]},"bounding_capabilities":{"capabilities":[]}}}');
  t.deepEqual(parsed.linux_info, { effective_capabilities: { capabilities: ['CHOWN', 'NET_RAW'] }, bounding_capabilities: { capabilities: [] } });
  t.throws(() => parseContainerInfo({ type: 'MESOS', linux_info: { capability_info: { capabilities: [] }, effective_capabilities: { capabilities: [] } } }), {
    message: /may have 'capability_info' or 'effective_capabilities', not both/,
  });
  t.throws(() => parseContainerInfo({ type: 'MESOS', linux_info: { bounding_capabilities: { capabilities: [7] } } }), {
    message: /'linux_info\.bounding_capabilities\.capabilities\[0\]' must be a string/,
  });
});
