// Per-test isolation for the OCI runtime's tests: a private --root, bundles
// with a busybox rootfs, a cgroupsPath prefix of the test's own; teardown
// deletes what the test left and proves nothing leaked (no process, mount,
// cgroup or state directory), even when the test failed.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, copyFileSync, openSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, rmdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { TestFn } from 'ava';
import { execa, execaSync } from 'execa';
import type { Result } from 'execa';

import { readHierarchies } from '../../src/oci/cgroups/layout.js';
import type { OciConfig } from '../../src/oci/schema/config.js';
import { allPids } from '../../src/proc/processes.js';
import { defaultConfig } from './oci-config.js';

export const OCI_BIN = new URL('../../native-bindings/build/mesos-containerizer-oci', import.meta.url).pathname;

function findBusybox(): string | undefined {
  for (const path of ['/bin/busybox', '/usr/bin/busybox']) {
    if (!existsSync(path)) continue;
    const file = execaSync('file', ['-L', path], { reject: false }).stdout;
    if (!file || file.includes('statically linked')) return path;
  }
  return undefined;
}
export const BUSYBOX = findBusybox();
/** Why the OCI tests cannot run here, or undefined. */
export const ociMissing = BUSYBOX ? undefined : 'needs a static busybox for the rootfs (apt-get install busybox-static)';

export interface OciLeaks {
  processes: string[];
  mounts: string[];
  cgroups: string[];
  state: string[];
}

export interface OciState {
  ociVersion: string;
  id: string;
  status: string;
  pid: number;
  bundle: string;
  rootfs: string;
  annotations?: Record<string, string>;
}

export class OciHarness {
  readonly root = mkdtempSync('/tmp/mct-oci-');
  readonly stateRoot = join(this.root, 'state');
  readonly log = join(this.root, 'log.json');
  readonly cgroupPrefix = `/mct-oci-${randomBytes(4).toString('hex')}`;
  private rootfsDir: string | undefined;

  /** A busybox rootfs, made once per test and shared by its bundles. */
  rootfs(): string {
    if (this.rootfsDir) return this.rootfsDir;
    const rootfs = join(this.root, 'rootfs');
    for (const dir of ['bin', 'etc', 'proc', 'sys', 'dev', 'tmp', 'root']) mkdirSync(join(rootfs, dir), { recursive: true });
    chmodSync(join(rootfs, 'tmp'), 0o1777);
    copyFileSync(BUSYBOX!, join(rootfs, 'bin/busybox'));
    chmodSync(join(rootfs, 'bin/busybox'), 0o755);
    for (const applet of execaSync(BUSYBOX!, ['--list']).stdout.split('\n')) {
      if (applet && applet !== 'busybox') symlinkSync('busybox', join(rootfs, 'bin', applet));
    }
    writeFileSync(join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
    return (this.rootfsDir = rootfs);
  }

  /** A bundle: config.json from the default spec, the test's cgroupsPath, a marker in the process's environment. */
  bundle(id: string, change: (config: OciConfig) => void = () => undefined, args: string[] = ['sleep', '1000']): string {
    const bundle = join(this.root, 'bundles', id);
    mkdirSync(bundle, { recursive: true });
    const config = defaultConfig(args);
    config.root = { path: this.rootfs(), readonly: false };
    config.process!.env!.push(`MCT_OCI_TEST=${this.root}`);
    config.linux!.cgroupsPath = `${this.cgroupPrefix}/${id}`;
    change(config);
    writeFileSync(join(bundle, 'config.json'), JSON.stringify(config));
    return bundle;
  }

  /** Runs the runtime with this harness's --root and --log. */
  run(args: string[], options: Parameters<typeof execa>[2] = {}): Promise<Result> {
    return execa(OCI_BIN, ['--root', this.stateRoot, '--log', this.log, '--log-format', 'json', ...args], {
      reject: false,
      ...(options.input === undefined && { stdin: 'ignore' }),
      env: { NODE_EXTRA_CA_CERTS: '' },
      ...options,
    }) as Promise<Result>;
  }

  /**
   * create whose container's stdout and stderr are files: the container
   * inherits them (a pipe to us would be held open by the container).
   */
  async create(id: string, bundle: string, extra: string[] = [], env: Record<string, string> = {}): Promise<Result & { errorText: string }> {
    const out = join(this.root, `${id}.out`);
    const stdout = openSync(out, 'a');
    const stderr = openSync(`${out}.err`, 'a');
    try {
      const result = await this.run(['create', '--bundle', bundle, '--pid-file', join(this.root, `${id}.pid`), ...extra, id], {
        stdout,
        stderr,
        env: { NODE_EXTRA_CA_CERTS: '', ...env },
      });
      return { ...result, errorText: readFileSync(`${out}.err`, 'utf8') };
    } finally {
      closeSync(stdout);
      closeSync(stderr);
    }
  }

  output(id: string): string {
    try {
      return readFileSync(join(this.root, `${id}.out`), 'utf8');
    } catch {
      return '';
    }
  }

  async state(id: string): Promise<OciState> {
    const result = await this.run(['state', id]);
    if (result.exitCode !== 0) throw new Error(`state ${id}: ${String(result.stderr)}`);
    return JSON.parse(String(result.stdout)) as OciState;
  }

  /** Polls state until it is `status`, within a deadline. */
  async waitFor(id: string, status: string, seconds = 10): Promise<OciState> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const state = await this.state(id);
      if (state.status === status || Date.now() > deadline) return state;
      await sleep(20);
    }
  }

  /** The last line of --log, parsed. */
  lastLogLine(): { level: string; msg: string; time: string } | undefined {
    if (!existsSync(this.log)) return undefined;
    const lines = readFileSync(this.log, 'utf8').trim().split('\n');
    return JSON.parse(lines.at(-1)!) as { level: string; msg: string; time: string };
  }

  cgroupDirs(): string[] {
    return readHierarchies().flatMap((h) => {
      const top = join(h.mountPoint, this.cgroupPrefix);
      if (!existsSync(top)) return [];
      const found: string[] = [];
      const walk = (dir: string): void => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) walk(join(dir, entry.name));
        found.push(dir);
      };
      walk(top);
      return found; // deepest first
    });
  }

  /** Processes that carry our paths: containers (their environment), and our own calls (their command line). */
  ours(): number[] {
    const carries = (pid: number, file: string): boolean => {
      try {
        return readFileSync(`/proc/${pid}/${file}`, 'latin1').includes(this.root);
      } catch {
        return false;
      }
    };
    return allPids().filter((pid) => pid !== process.pid && (carries(pid, 'environ') || carries(pid, 'cmdline')));
  }

  leaks(): OciLeaks {
    const state = existsSync(this.stateRoot) ? readdirSync(this.stateRoot) : [];
    const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(this.root));
    const cgroups = this.cgroupDirs().filter((d) => !d.endsWith(this.cgroupPrefix));
    return { processes: this.ours().map(String), mounts, cgroups, state };
  }

  /** Deletes (--force) what the test left, then reports what even that left. */
  async teardown(): Promise<OciLeaks> {
    const left = existsSync(this.stateRoot) ? readdirSync(this.stateRoot) : [];
    for (const id of left) await this.run(['delete', '--force', id]);
    const leaks = this.leaks();
    for (const pid of this.ours()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    for (const dir of this.cgroupDirs()) {
      try {
        rmdirSync(dir);
      } catch {
        // reported as a leak above when it mattered
      }
    }
    rmSync(this.root, { recursive: true, force: true });
    return leaks;
  }
}

export interface OciContext {
  h: OciHarness;
}

export function useOciHarness(test: TestFn<OciContext>): void {
  test.beforeEach((t) => {
    t.context.h = new OciHarness();
  });
  test.afterEach.always(async (t) => {
    const leaks = await t.context.h.teardown();
    t.deepEqual(leaks, { processes: [], mounts: [], cgroups: [], state: [] }, 'the test left something behind');
  });
}
