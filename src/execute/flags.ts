// mesos-execute's flags (Mesos's names).
import type { FlagSpec } from '../flags/flag-spec.js';

export const DEFAULT_RESOURCES = 'cpus:0.1;mem:32';

export const EXECUTE_FLAGS: Record<string, FlagSpec> = {
  master: { type: 'string', describe: 'the master, HOST:PORT', required: true },
  name: { type: 'string', describe: 'the task (its name and id)', required: true },
  command: { type: 'string', describe: 'the shell command to run', required: true },
  resources: { type: 'string', describe: "what the task needs, e.g. 'cpus:0.5;mem:128;ports:[31000-31000]'", default: DEFAULT_RESOURCES },
  checkpoint: { type: 'boolean', describe: "the task survives its agent's restart (the framework checkpoints)", default: false },
  user: { type: 'string', describe: 'the framework user (default: who runs this)' },
};
