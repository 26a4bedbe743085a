import test from 'ava';

import { cgroupTrees, readOnlyCgroupView } from '../../src/isolators/cgroup-view.js';

const mount = (mountPoint: string, version: 1 | 2 = 1) => ({ version, mountPoint, controllers: [] });

test('the read-only cgroup view covers every hierarchy with the fewest trees', (t) => {
  t.deepEqual(cgroupTrees([mount('/sys/fs/cgroup/freezer'), mount('/sys/fs/cgroup/unified', 2), mount('/sys/fs/cgroup/memory')]), ['/sys/fs/cgroup']);
  t.deepEqual(cgroupTrees([mount('/sys/fs/cgroup', 2)]), ['/sys/fs/cgroup'], 'pure v2');
  t.deepEqual(cgroupTrees([mount('/cgroup/cpu'), mount('/sys/fs/cgroup/freezer'), mount('/sys/fs/cgroupx')]), ['/cgroup/cpu', '/sys/fs/cgroup', '/sys/fs/cgroupx'], 'paths compare by components');
  t.deepEqual(cgroupTrees([]), []);
  t.deepEqual(readOnlyCgroupView([mount('/sys/fs/cgroup/pids')]), {
    namespaces: ['mount'],
    mounts: [{ type: 'bind', source: '/sys/fs/cgroup', target: '/sys/fs/cgroup', readOnly: true }],
  });
});
