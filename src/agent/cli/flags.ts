// mesos-agent's flags: its own, and the containerizer's with their names and
// meaning (some with the agent's defaults).
import { CONTAINERIZER_FLAGS } from '../../flags/containerizer-flags.js';
import type { FlagSpec } from '../../flags/flag-spec.js';

export const AGENT_DEFAULTS = {
  runtimeDir: '/run/mesos/agent',
  cgroupsRoot: 'mesos-agent',
  ip: '127.0.0.1',
  port: 5051,
};

export const AGENT_FLAGS: Record<string, FlagSpec> = {
  ...CONTAINERIZER_FLAGS,
  master: { type: 'string', describe: 'the master, HOST:PORT', required: true },
  work_dir: { type: 'string', describe: 'sandboxes (DIR/slaves/...) and the checkpoint (DIR/meta)', required: true },
  ip: { type: 'string', describe: 'address to listen on (and to give the master)', default: AGENT_DEFAULTS.ip },
  port: { type: 'number', describe: 'port to listen on', default: AGENT_DEFAULTS.port },
  hostname: { type: 'string', describe: 'the name the master shows (default: this host name)' },
  resources: {
    type: 'string',
    describe: "e.g. 'cpus:2;mem:1024;disk:4096;ports:[31000-32000]' or v1 JSON; cpus, mem, disk and ports not given are detected",
  },
  recover: {
    type: 'string',
    describe: 'after a restart: reconnect to the tasks still running, or clean them up (destroy, report TASK_FAILED)',
    default: 'reconnect',
    choices: ['reconnect', 'cleanup'],
  },
  strict: { type: 'boolean', describe: 'a checkpoint file that does not parse stops the start (else it is skipped and counted)', default: true },
  switch_user: { type: 'boolean', describe: "run tasks as CommandInfo.user, else FrameworkInfo.user (else as the agent's user)", default: true },
  executor_shutdown_grace_period: { type: 'string', describe: 'SIGTERM to destroy, when a kill has no kill policy', default: '5secs' },
  status_update_retry_interval_min: { type: 'string', describe: 'first resend of an unacknowledged status update (doubling from there)', default: '10secs' },
  status_update_retry_interval_max: { type: 'string', describe: 'longest interval between resends', default: '10mins' },
  registration_backoff_factor: { type: 'string', describe: 'registration retries back off randomly up to this, doubling to 1 minute', default: '1secs' },
  master_ping_timeout: { type: 'string', describe: 'register again after this long without a PING (until the master says how long)', default: '75secs' },
  gc_delay: { type: 'string', describe: "how long an ended task's sandbox and checkpoint are kept (less when the disk fills)", default: '1weeks' },
  gc_disk_headroom: { type: 'string', describe: 'the share of the disk (0 to 1) the disk watch keeps free: the fuller, the sooner directories go', default: '0.1' },
  disk_watch_interval: { type: 'string', describe: 'how often the disk usage of the work dir is checked', default: '1mins' },
  runtime_dir: { ...CONTAINERIZER_FLAGS.runtime_dir!, describe: "the containers' state (DIR/containers/ID); the agent owns what is there", default: AGENT_DEFAULTS.runtimeDir },
  cgroups_root: { ...CONTAINERIZER_FLAGS.cgroups_root!, default: AGENT_DEFAULTS.cgroupsRoot },
};
// A task's volumes come from its ContainerInfo, or --default_container_info.
delete AGENT_FLAGS.volume;
