// Launching containers from another process (test/helpers/launch-and-hold.ts),
// so that the test process itself follows none of them.
import { execa } from 'execa';
import type { ResultPromise } from 'execa';

import type { LaunchRequest } from '../../src/containerizer/launch-types.js';
import type { Harness } from './harness.js';

const HOLDER = new URL('./launch-and-hold.ts', import.meta.url).pathname;

export interface Holder {
  process: ResultPromise;
  /** Host pids of the containers' inits. */
  pids: number[];
  kill(): Promise<void>;
}

/** `modules`: a --modules manifest (JSON) the holder loads. */
export async function launchElsewhere(h: Harness, requests: LaunchRequest[], isolation?: string, cgroupsHierarchy?: 'v1' | 'v2', modules?: string): Promise<Holder> {
  const options = { runtimeDir: h.runtimeDir, workDir: h.workDir, cgroupsRoot: h.cgroupsRoot, ...(isolation && { isolation }), ...(cgroupsHierarchy && { cgroupsHierarchy }) };
  const child = execa('node', ['--import=tsx', HOLDER, JSON.stringify({ options, modules, requests })], {
    reject: false,
    stdin: 'ignore',
    stderr: 'inherit',
    env: { NODE_EXTRA_CA_CERTS: '' },
  });
  h.spare(child.pid); // its command line names our directories; it is no container's
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    void child.then((r) => reject(new Error(`the launcher ended before the containers ran (exit ${r.exitCode})`)));
  });
  const { pids } = JSON.parse(line) as { pids: number[] };
  return {
    process: child,
    pids,
    kill: async () => {
      child.kill('SIGKILL');
      await child;
    },
  };
}
