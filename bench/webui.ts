// The web UI's cost on the master (issue 14): what one open page asks for
// every 2 s (/state with 1 000 ended tasks listed, /metrics/snapshot), the
// page and its script, and the relay of an agent's endpoints (the same GET
// direct to the agent is the reference). The in-test agent answers the
// relayed GET itself (a one-line 404): the row measures the relay alone.
// The bundle's size is printed by scripts/build-webui.mjs --sizes.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';

import { parseResources } from '../dist/src/mesos/resources/text.js';
import type { BenchContext } from './context.js';
import { withDeadline } from './deadline.js';
import { masterWithInstantAgent } from './instant-agent.js';
import { runTasks } from './master-driver.js';
import { printRows } from './report.js';
import { timeRuns } from './stats.js';

const TASKS = 1000;

function get(host: string, port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, headers, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve(bytes));
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${path}: no answer within 10 s`)));
    req.on('error', reject);
    req.end();
  });
}

export async function benchWebui(ctx: BenchContext): Promise<void> {
  const { master, agent } = await masterWithInstantAgent();
  try {
    await agent.register();
    await withDeadline('loading 1 000 tasks', runTasks(master.address, TASKS, parseResources('cpus:0.01;mem:1'), '/bin/true', 120_000));
    const [host, port] = [master.address.split(':')[0]!, master.port];
    const stateBytes = await get(host, port, '/state');
    const html = readFileSync(new URL('../dist/webui/index.html', import.meta.url), 'utf8');
    const script = /src="([^"]+)"/.exec(html)![1]!;
    const agentId = (await master.state()).agents[0]!.id;
    const relayed = `/proxy/agents/${agentId}/files/read?path=/x&offset=0`;
    const time = (path: string, headers?: Record<string, string>, on = { host, port }) => withDeadline(`GET ${path}`, timeRuns(ctx.runs, ctx.warmup, () => get(on.host, on.port, path, headers)));
    printRows(
      `Web UI: what one open page costs the master (${TASKS} ended tasks listed; each open page polls /state and /metrics/snapshot every 2 s, up to 10 s when a poll is slow)`,
      [
        { name: 'GET /state', summary: await time('/state'), note: `${(stateBytes / 1024).toFixed(0)} KiB` },
        { name: 'GET /metrics/snapshot', summary: await time('/metrics/snapshot') },
        { name: 'GET / (the page)', summary: await time('/') },
        { name: 'GET the script, gzip', summary: await time(script, { 'accept-encoding': 'gzip' }) },
        { name: 'GET an agent endpoint direct', summary: await time('/files/read?path=/x&offset=0', {}, { host: agent.address.ip, port: agent.port }) },
        { name: 'GET it relayed by the master', summary: await time(relayed) },
      ],
      ['GET an agent endpoint direct'],
    );
  } finally {
    await agent.stop();
    await master.teardown();
  }
}
