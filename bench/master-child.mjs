// A master in its own process, started through the library (not the bin) so
// that the bench can ask it, over IPC, for its heap after a full GC: the
// memory its books really keep per task, without garbage not yet collected.
// Run with --expose-gc.
import { mkdtempSync, rmSync } from 'node:fs';

import { createDrfAllocator } from '../dist/src/allocator/drf.js';
import { createLogger } from '../dist/src/log/logger.js';
import { Master } from '../dist/src/master/master.js';

const workDir = mkdtempSync('/tmp/mct-bench-master-');
const master = await Master.start({
  ip: '127.0.0.1',
  port: 0,
  workDir,
  hostname: 'bench',
  agentReregisterTimeoutMs: 600_000,
  agentPingTimeoutMs: 15_000,
  maxAgentPingTimeouts: 5,
  allocationIntervalMs: 1000,
  allocator: createDrfAllocator(),
  heartbeatIntervalMs: 15_000,
  maxCompletedFrameworks: 50,
  maxCompletedTasksPerFramework: 1000,
  logger: createLogger('warn'),
});
process.send({ address: master.address });
process.on('message', async (message) => {
  if (message === 'heap') {
    globalThis.gc();
    globalThis.gc();
    process.send({ heap: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss });
  } else if (message === 'stop') {
    await master.stop();
    rmSync(workDir, { recursive: true, force: true });
    process.exit(0);
  }
});
