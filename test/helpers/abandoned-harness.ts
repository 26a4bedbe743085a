// A test process that makes a harness, launches a container that outlives
// its launcher (as a task of a framework with checkpointing outlives its
// agent), says so on stdout (one JSON line), and waits to be ended before
// any teardown: run by harness-sweep.test.ts.
import { Harness } from './harness.js';

const h = new Harness();
const launched = await h.cli(['launch', '--container_id=orphan', '--detach', '--', 'sleep', '1000']);
if (launched.exitCode !== 0) throw new Error(`launch failed: ${String(launched.stderr)}`);
process.stdout.write(`${JSON.stringify({ root: h.root, cgroupsRoot: h.cgroupsRoot, pid: process.pid })}\n`);
setInterval(() => undefined, 60_000);
