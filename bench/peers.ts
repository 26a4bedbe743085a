// Peer container tools, set up the way the project's peer baseline
// measured them: OCI bundles whose rootfs is the host's / bind-mounted
// read-only, run inside a private mount namespace without the cgroup2 mount
// (crun 1.8 refuses hybrid cgroups otherwise). Nothing here touches the host's
// mount table beyond one private bind that teardown() removes.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { commandExists, runCommand } from './stats.js';

export interface Peers {
  bwrap: boolean;
  crun: boolean;
  runc: boolean;
  unshare: boolean;
  /** Prefix that runs a command in the peers' mount namespace. */
  inNamespace(argv: string[]): string[];
  bundle(name: string, args: string[]): string;
  stateDir: string;
  teardown(): void;
}

function ociConfig(args: string[], scratch: string): unknown {
  return {
    ociVersion: '1.0.2',
    process: { terminal: false, user: { uid: 0, gid: 0 }, args, env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin'], cwd: '/' },
    root: { path: 'rootfs', readonly: true },
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc' },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
      { destination: '/tmp', type: 'bind', source: scratch, options: ['rbind', 'rw'] },
    ],
    linux: { namespaces: [{ type: 'pid' }, { type: 'mount' }] },
  };
}

export function setUpPeers(root: string): Peers {
  const base = join(root, 'peers');
  const nsDir = join(base, 'ns');
  const nsFile = join(nsDir, 'mnt');
  const stateDir = join(base, 'state');
  const scratch = join(base, 'scratch');
  mkdirSync(nsDir, { recursive: true });
  mkdirSync(stateDir, { recursive: true });
  mkdirSync(scratch, { recursive: true });

  const oci = commandExists('crun') || commandExists('runc');
  let namespaced = false;
  if (oci && commandExists('nsenter')) {
    // A persistent mount namespace, held by a bind mount of its ns file.
    runCommand(['mount', '--bind', nsDir, nsDir]);
    runCommand(['mount', '--make-private', nsDir]);
    writeFileSync(nsFile, '');
    runCommand(['unshare', `--mount=${nsFile}`, '--propagation', 'private', 'true']);
    namespaced = true;
    if (existsSync('/sys/fs/cgroup/unified')) {
      runCommand(['nsenter', `--mount=${nsFile}`, 'umount', '/sys/fs/cgroup/unified']);
    }
  }
  const inNamespace = (argv: string[]): string[] => (namespaced ? ['nsenter', `--mount=${nsFile}`, ...argv] : argv);

  return {
    bwrap: commandExists('bwrap'),
    crun: namespaced && commandExists('crun'),
    runc: namespaced && commandExists('runc'),
    unshare: commandExists('unshare'),
    inNamespace,
    stateDir,
    bundle(name, args) {
      const dir = join(base, 'bundles', name);
      mkdirSync(join(dir, 'rootfs'), { recursive: true });
      writeFileSync(join(dir, 'config.json'), JSON.stringify(ociConfig(args, scratch)));
      runCommand(inNamespace(['mount', '--bind', '/', join(dir, 'rootfs')]));
      runCommand(inNamespace(['mount', '-o', 'remount,bind,ro', join(dir, 'rootfs')]));
      return dir;
    },
    teardown() {
      if (namespaced) {
        runCommand(['umount', nsFile]);
        runCommand(['umount', nsDir]);
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
}
