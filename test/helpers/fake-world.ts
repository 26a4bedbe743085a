// A containerizer on the fake host, with a real run directory and work dir
// in a temporary directory: what the unit tests of the lifecycle drive.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Containerizer } from '../../src/containerizer/containerizer.js';
import { ContainerizerContext } from '../../src/containerizer/context.js';
import type { ContainerizerOptions } from '../../src/containerizer/options.js';
import type { Isolator } from '../../src/isolators/isolator.js';
import { createLogger } from '../../src/log/logger.js';
import type { Hook } from '../../src/modules/hook.js';
import type { ModuleRegistry } from '../../src/modules/registry.js';
import { FakeHost } from './fake-host.js';

export const CGROUPS_ROOT = 'mesos-unit';

/** Isolators and hooks by name, as a loaded --modules manifest would give them. */
export function modules(isolators: Record<string, Isolator>, hooks: Hook[] = []): ModuleRegistry {
  return {
    contains: (name: string) => name in isolators,
    get: (name: string) => isolators[name],
    ofKind: (kind: string) => (kind === 'Hook' ? hooks : []),
  } as unknown as ModuleRegistry;
}

export class FakeWorld {
  readonly root = mkdtempSync(join(tmpdir(), 'mct-unit-'));
  readonly host = new FakeHost();
  readonly runtimeDir = join(this.root, 'run');
  readonly workDir = join(this.root, 'work');

  containerizer(options: ContainerizerOptions = {}): Containerizer {
    return new Containerizer(this.options(options));
  }

  /** The same settings, for the containerizer's functions that take a context (the CLI's launch). */
  context(options: ContainerizerOptions = {}): ContainerizerContext {
    return new ContainerizerContext(this.options(options));
  }

  private options(options: ContainerizerOptions): ContainerizerOptions {
    return {
      runtimeDir: this.runtimeDir,
      workDir: this.workDir,
      cgroupsRoot: CGROUPS_ROOT,
      isolation: 'posix/cpu',
      host: this.host,
      logger: createLogger('silent'),
      ...options,
    };
  }

  entry(id: string): string {
    return join(this.runtimeDir, 'containers', id);
  }

  sandbox(id: string): string {
    return join(this.workDir, 'containers', id);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
