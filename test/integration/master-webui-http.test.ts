// How mesos-master serves the web UI: the page at every address of the UI
// (so a task's page reloads), the hashed assets cached for good and sent
// gzipped to browsers that take it, revalidation by ETag, nothing outside
// the built files, a bad --webui_dir refused at start. And the relay of an
// agent's /state and /files/* for the UI: the agent's own answer, or one
// line naming the agent that did not answer.
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { ClusterContext } from '../helpers/cluster.js';
import { useCluster } from '../helpers/cluster.js';
import { eventually } from '../helpers/eventually.js';
import { MASTER_BIN } from '../helpers/master-process.js';
import type { EndToEndContext } from '../helpers/real-agent.js';
import { agentFor, useEndToEnd } from '../helpers/real-agent.js';

const test = anyTest as TestFn<ClusterContext>;
useCluster(test);
const e2e = useEndToEnd(anyTest as TestFn<EndToEndContext>);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw GET (the path sent as it is, unlike fetch, which resolves dot segments). */
function get(address: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const req = request({ host, port: Number(port), path, method, headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer within 10 s`)));
    req.on('error', reject);
    req.end();
  });
}

test('every address of the UI answers its page, never cached stale, locked down by CSP', async (t) => {
  const master = await t.context.cluster.startMaster();
  for (const path of ['/', '/tasks', '/tasks/fw-1/some%20task?file=stderr', '/agents/a-S0', '/frameworks', '/master/tasks']) {
    const answer = await get(master.address, path);
    t.is(answer.status, 200, path);
    t.is(answer.headers['content-type'], 'text/html; charset=utf-8', path);
    t.is(answer.headers['cache-control'], 'no-cache', path);
    t.regex(String(answer.headers['content-security-policy']), /default-src 'none'; script-src 'self'.*connect-src 'self'/);
    t.is(answer.headers['x-content-type-options'], 'nosniff');
    t.regex(answer.body.toString(), /<script type="module" src="\/assets\/app-\w+\.js"><\/script>.*<div id="app">/s);
  }
  const page = await get(master.address, '/');
  t.is((await get(master.address, '/', { 'if-none-match': String(page.headers.etag) })).status, 304, 'revalidated by its ETag');
});

test('the assets: their content types, cached for a year, gzipped for browsers that take it, HEAD without a body', async (t) => {
  const master = await t.context.cluster.startMaster();
  const html = (await get(master.address, '/')).body.toString();
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
  const style = /href="(\/assets\/[^"]+\.css)"/.exec(html)![1]!;
  const plain = await get(master.address, script);
  t.like(plain.headers, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable', vary: 'accept-encoding' });
  t.is(plain.headers['content-encoding'], undefined);
  const gzipped = await get(master.address, script, { 'accept-encoding': 'gzip, deflate, br' });
  t.is(gzipped.headers['content-encoding'], 'gzip');
  t.true(gunzipSync(gzipped.body).equals(plain.body), 'the gzip twin is the same script');
  t.true(gzipped.body.length < plain.body.length / 2);
  t.is((await get(master.address, style)).headers['content-type'], 'text/css; charset=utf-8');
  const head = await get(master.address, script, {}, 'HEAD');
  t.is(head.status, 200);
  t.is(head.body.length, 0);
  t.is(head.headers['content-length'], String(plain.body.length));
});

test('nothing but the built files: other paths are 404, other methods 405', async (t) => {
  const master = await t.context.cluster.startMaster();
  for (const path of ['/assets/nothing.js', '/assets/../package.json', '/assets/%2e%2e/package.json', '/assets/', '/tasksx', '/index.html', '/webui/index.html', '/tasks/a/b/c/../../../../package.json']) {
    const answer = await get(master.address, path);
    t.true(answer.status === 404 || (answer.status === 200 && answer.body.toString().includes('<div id="app">')), `${path}: ${answer.status}`);
    t.false(answer.body.toString().includes('"name": "mesos-containerizer"'), `${path}: no file from outside`);
  }
  t.is((await get(master.address, '/assets/nothing.js')).status, 404);
  const post = await get(master.address, '/tasks', {}, 'POST');
  t.is(post.status, 405);
  t.is(post.headers.allow, 'GET, HEAD');
  t.is(post.body.toString(), '/tasks takes GET, not POST\n');
});

test('a --webui_dir without index.html is refused at start with one line', (t) => {
  const dir = mkdtempSync('/tmp/mct-webui-dir-');
  const work = mkdtempSync('/tmp/mct-webui-work-');
  t.teardown(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const result = spawnSync(process.execPath, [MASTER_BIN, `--work_dir=${work}`, `--webui_dir=${dir}`, '--port=0'], { env, encoding: 'utf8', timeout: 20_000 });
  t.is(result.status, 2);
  t.is(result.stderr.trim(), `mesos-master: --webui_dir=${dir}: there is no index.html in ${dir}`);
});

test('--webui_dir: the page of another build is the one served', async (t) => {
  const dir = mkdtempSync('/tmp/mct-webui-dir-');
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>another build</title>');
  const master = await t.context.cluster.startMaster([`--webui_dir=${dir}`]);
  t.is((await get(master.address, '/agents')).body.toString(), '<!doctype html><title>another build</title>');
});

e2e("the relay: an agent's /state and /files/* as the agent answers them; one line naming the agent when it does not answer", async (t) => {
  const { cluster } = t.context;
  const master = await cluster.startMaster();
  const agent = await agentFor(t);
  const framework = await cluster.framework();
  await framework.launch(await framework.offer(), [{ task_id: { value: 'talker' }, command: { value: 'echo proxied words; sleep 1000' } }]);
  await framework.acknowledgeUntil('talker', 'TASK_RUNNING');
  const direct = `127.0.0.1:${agent.port}`;
  const state = JSON.parse((await get(master.address, `/proxy/agents/${agent.id}/state`)).body.toString()) as { id: string; frameworks: Array<{ executors: Array<{ directory: string }> }> };
  t.is(state.id, agent.id);
  const stdout = `${state.frameworks[0]!.executors[0]!.directory}/stdout`;
  const path = `/files/read?path=${encodeURIComponent(stdout)}&offset=0`;
  await eventually(async () => (await get(direct, path)).body.toString().includes('proxied words'), 'the task to print');
  const relayed = await get(master.address, `/proxy/agents/${encodeURIComponent(agent.id)}${path}`);
  t.is(relayed.status, 200);
  t.is(relayed.headers['cache-control'], 'no-store');
  t.deepEqual(JSON.parse(relayed.body.toString()), JSON.parse((await get(direct, path)).body.toString()));
  t.deepEqual(JSON.parse(relayed.body.toString()), { data: 'proxied words\n', offset: 0, length: 14 });
  const browse = await get(master.address, `/proxy/agents/${agent.id}/files/browse?path=${encodeURIComponent(state.frameworks[0]!.executors[0]!.directory)}`);
  t.true((JSON.parse(browse.body.toString()) as Array<{ path: string }>).some((e) => e.path === stdout));

  const refused = await get(master.address, `/proxy/agents/${agent.id}/files/read?path=/etc/passwd&offset=0`);
  t.is(refused.status, 404, "the agent's own refusal comes through");
  t.false(refused.body.toString().includes('root:'));
  t.is((await get(master.address, `/proxy/agents/${agent.id}/internal/v1/agent`)).status, 404, 'only /state and /files/* are relayed');
  t.is((await get(master.address, `/proxy/agents/${agent.id}/files/read`, {}, 'POST')).status, 405);
  const unknown = await get(master.address, '/proxy/agents/no-such-agent/state');
  t.is(unknown.status, 404);
  t.is(unknown.body.toString(), 'the master knows no agent no-such-agent (never registered, or removed)\n');

  await agent.kill('SIGKILL');
  const gone = await get(master.address, `/proxy/agents/${agent.id}/state`);
  t.is(gone.status, 502);
  t.regex(gone.body.toString(), new RegExp(`^agent ${agent.id} \\(agent at 127\\.0\\.0\\.1:${agent.port}\\) did not answer /state: .*ECONNREFUSED`));
});
