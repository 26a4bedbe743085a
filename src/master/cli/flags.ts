// mesos-master's flags, with Mesos's names ("agent" where Mesos 0.21 said "slave").
import type { FlagSpec } from '../../flags/flag-spec.js';
import { LOG_LEVELS } from '../../log/logger.js';
import { MASTER_DEFAULTS } from '../options.js';

export const MASTER_FLAGS: Record<string, FlagSpec> = {
  ip: { type: 'string', describe: 'address to listen on', default: MASTER_DEFAULTS.ip },
  port: { type: 'number', describe: 'port to listen on (0: any free port, printed at start)', default: MASTER_DEFAULTS.port },
  work_dir: { type: 'string', describe: 'where the registry of agents is kept (registry.json)', required: true },
  hostname: { type: 'string', describe: 'the name the master reports (default: the host name)' },
  agent_reregister_timeout: {
    type: 'string',
    describe: 'after a restart, how long known agents have to re-register before they are removed (Mesos: at least 10mins)',
    default: MASTER_DEFAULTS.agentReregisterTimeout,
  },
  agent_ping_timeout: { type: 'string', describe: 'health check: a PING to each agent this often; unanswered within it, it counts as missed', default: MASTER_DEFAULTS.agentPingTimeout },
  max_agent_ping_timeouts: { type: 'number', describe: 'missed PINGs in a row after which an agent is removed', default: MASTER_DEFAULTS.maxAgentPingTimeouts },
  allocation_interval: { type: 'string', describe: 'how often offers are made (also soon after an agent, framework or revive arrives)', default: MASTER_DEFAULTS.allocationInterval },
  heartbeat_interval: { type: 'string', describe: "HEARTBEAT events on every framework's subscription this often (its SUBSCRIBED event says so)", default: MASTER_DEFAULTS.heartbeatInterval },
  allocator: { type: 'string', describe: 'the offer policy: HierarchicalDRF, or an Allocator module of --modules', default: MASTER_DEFAULTS.allocator },
  modules: { type: 'string', describe: 'Mesos modules manifest (JSON inline, /path or file://path): allocators' },
  max_completed_frameworks: { type: 'number', describe: 'removed frameworks kept in /state', default: MASTER_DEFAULTS.maxCompletedFrameworks },
  max_completed_tasks_per_framework: { type: 'number', describe: 'ended tasks kept per framework in /state', default: MASTER_DEFAULTS.maxCompletedTasksPerFramework },
  webui_dir: { type: 'string', describe: "the web UI's built files, served at / (default: the ones built with this package, dist/webui)" },
  log_level: { type: 'string', describe: 'pino log level on stderr', default: 'warn', choices: LOG_LEVELS },
};
