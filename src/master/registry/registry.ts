// The registry in memory, written through to disk. Each change resolves once
// a write that contains it is durable; changes made while a write is under
// way share the next write.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { RegistryWriteError } from '../errors.js';
import { writeFileDurably } from './atomic-write.js';
import type { RegistryAgent, RegistryDocument } from './registry-file.js';
import { REGISTRY_FILE, readRegistryFile } from './registry-file.js';

/** Ids of removed agents kept, oldest forgotten first. */
const MAX_REMOVED = 100_000;

export class Registry {
  private readonly agents = new Map<string, RegistryAgent>();
  private readonly removed = new Set<string>();
  /** The write under way. */
  private inFlight: Promise<void> | undefined;
  /** The write that starts after it, with every change made meanwhile. */
  private queued: Promise<void> | undefined;
  private writes = 0;

  private constructor(readonly path: string) {}

  static async open(workDir: string): Promise<Registry> {
    await mkdir(workDir, { recursive: true });
    const registry = new Registry(join(workDir, REGISTRY_FILE));
    const document = await readRegistryFile(registry.path);
    for (const agent of document.agents) registry.agents.set(agent.id, agent);
    for (const id of document.removed) registry.removed.add(id);
    return registry;
  }

  knownAgents(): RegistryAgent[] {
    return [...this.agents.values()];
  }

  isRemoved(agentId: string): boolean {
    return this.removed.has(agentId);
  }

  /** Records an agent (new, or with a new address or info); resolves when that is durable. */
  admit(agent: RegistryAgent): Promise<void> {
    this.agents.set(agent.id, agent);
    return this.persist();
  }

  /** Records that an agent is gone for good; resolves when that is durable. */
  remove(agentId: string): Promise<void> {
    this.agents.delete(agentId);
    this.removed.add(agentId);
    if (this.removed.size > MAX_REMOVED) this.removed.delete(this.removed.values().next().value!);
    return this.persist();
  }

  /** How many writes reached the disk (for metrics). */
  get writeCount(): number {
    return this.writes;
  }

  /** Resolves when every change made so far is durable. */
  flush(): Promise<void> {
    return this.queued ?? this.inFlight ?? Promise.resolve();
  }

  private document(): RegistryDocument {
    return { version: 1, agents: [...this.agents.values()], removed: [...this.removed] };
  }

  private persist(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.inFlight) return this.startWrite();
    const queued = this.inFlight
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined; // changes from here on need another write
        return this.startWrite();
      });
    this.queued = queued;
    return queued;
  }

  private startWrite(): Promise<void> {
    const write = this.writeNow().finally(() => {
      if (this.inFlight === write) this.inFlight = undefined;
    });
    this.inFlight = write;
    return write;
  }

  private async writeNow(): Promise<void> {
    try {
      await writeFileDurably(this.path, `${JSON.stringify(this.document())}\n`);
      this.writes++;
    } catch (cause) {
      throw new RegistryWriteError(this.path, { cause });
    }
  }
}
