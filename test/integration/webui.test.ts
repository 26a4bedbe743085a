// The master's web UI in a real browser (headless Chromium), with a real
// master, a real agent and real tasks in containers: what an operator sees
// is what /state says, a failure's source and reason, a task's output as it
// prints, names from frameworks shown as text, and what happens when the
// master or an agent stops answering. Each page's screenshot is saved in
// test-results/webui/.
import anyTest from 'ava';
import type { TestFn } from 'ava';
import type { Page } from 'playwright-core';

import { screenshot } from '../helpers/browser.js';
import { eventually } from '../helpers/eventually.js';
import type { MasterState, StateTask } from '../helpers/master-process.js';
import { agentFor } from '../helpers/real-agent.js';
import type { WebuiContext } from '../helpers/webui.js';
import { textOf, useWebui } from '../helpers/webui.js';

const test = useWebui(anyTest as TestFn<WebuiContext>);

const STATES = ['TASK_STAGING', 'TASK_STARTING', 'TASK_RUNNING', 'TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST', 'TASK_ERROR'];

function allTasks(state: MasterState): StateTask[] {
  return [...state.frameworks, ...state.completed_frameworks].flatMap((f) => [...f.tasks, ...f.completed_tasks]);
}

function countsOf(state: MasterState): Record<string, number> {
  const counts = Object.fromEntries(STATES.map((s) => [s, 0]));
  for (const task of allTasks(state)) counts[task.state] = (counts[task.state] ?? 0) + 1;
  return counts;
}

async function countsOnPage(page: Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const s of STATES) counts[s] = Number(await textOf(page, `[data-testid="tasks-${s}"]`));
  return counts;
}

/** Waits until the overview shows what /state says now (both change while tasks run). */
async function overviewMatchesState(t: { context: WebuiContext }, page: Page): Promise<{ page: Record<string, number>; state: Record<string, number> }> {
  let last = { page: {}, state: {} } as { page: Record<string, number>; state: Record<string, number> };
  try {
    return await eventually(async () => {
      const state = await t.context.cluster.master.state();
      last = { page: await countsOnPage(page), state: countsOf(state) };
      const agents = Number(await textOf(page, '[data-testid="agents-registered"]'));
      return JSON.stringify(last.page) === JSON.stringify(last.state) && agents === state.agents.filter((a) => a.status === 'registered').length ? last : undefined;
    }, 'the overview to show the counts of /state');
  } catch (error) {
    throw new Error(`${(error as Error).message}: page ${JSON.stringify(last.page)}, /state ${JSON.stringify(last.state)}`);
  }
}

test.serial('the overview counts what /state lists, by state, and follows it live without a reload', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  await agentFor(t);
  const framework = await cluster.framework({ name: 'overview-fw' });
  await framework.launch(await framework.offer(), [
    { task_id: { value: 'sleeper' }, command: { value: 'sleep 1000' } },
    { task_id: { value: 'done' }, command: { value: 'true' } },
    { task_id: { value: 'fails' }, command: { value: 'exit 3' } },
  ]);
  await framework.acknowledgeUntil('sleeper', 'TASK_RUNNING');
  await framework.acknowledgeUntil('done', 'TASK_FINISHED');
  await framework.acknowledgeUntil('fails', 'TASK_FAILED');

  const page = await t.context.browser.page();
  await page.goto(cluster.master.url('/'));
  await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
  const before = await overviewMatchesState(t, page);
  t.like(before.page, { TASK_RUNNING: 1, TASK_FINISHED: 1, TASK_FAILED: 1, TASK_KILLED: 0 });
  t.is(await textOf(page, '[data-testid="frameworks-active"]'), '1');
  t.is(await textOf(page, '[data-testid="cpus-total"]'), '2');
  t.is(await textOf(page, '[data-testid="cpus-used"]'), '0.1', 'the sleeper holds 0.1 cpu');
  await screenshot(page, 'overview');

  await framework.client.kill('sleeper', (await cluster.master.state()).agents[0]!.id);
  await framework.acknowledgeUntil('sleeper', 'TASK_KILLED');
  const after = await overviewMatchesState(t, page);
  t.like(after.page, { TASK_RUNNING: 0, TASK_KILLED: 1 });
  t.is(await textOf(page, '[data-testid="cpus-used"]'), '0');
  t.true(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce === true), 'the page updated itself: it was not reloaded');

  // The agents and frameworks pages list them with their tasks.
  await page.click('header nav >> text=Agents');
  await page.waitForSelector('[data-testid="agent-row"]');
  t.regex(await textOf(page, '[data-testid="agent-row"]'), /agent.*127\.0\.0\.1:\d+.*registered.*cpus 2/s);
  await screenshot(page, 'agents');
  await page.click('[data-testid="agent-row"] a');
  await page.waitForSelector('[data-testid="task-row"]');
  t.is(await page.locator('[data-testid="task-row"]').count(), 3);
  await screenshot(page, 'agent');
  await page.click('header nav >> text=Frameworks');
  await page.waitForSelector('[data-testid="framework-row"]');
  t.regex(await textOf(page, '[data-testid="framework-row"]'), /overview-fw/);
  await screenshot(page, 'frameworks');
  await page.click('[data-testid="framework-row"] a');
  await page.waitForSelector('[data-testid="framework-facts"]');
  t.regex(await textOf(page, 'h1'), /overview-fw/);
  t.deepEqual((await page.locator('[data-testid="task-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task-id')))).sort(), ['done', 'fails', 'sleeper']);
  await screenshot(page, 'framework');
  t.deepEqual(t.context.browser.errors, [], 'no error in the page');
});

test.serial("a failed task's page says who failed it and why, in words beside the reason's name; the tasks table too", async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  await agentFor(t);
  const framework = await cluster.framework();
  await framework.launch(await framework.offer(), [{ task_id: { value: 'nobody-home' }, command: { value: 'true', user: 'no-such-user-here' } }]);
  const failed = await framework.acknowledgeUntil('nobody-home', 'TASK_FAILED');
  t.like(failed, { source: 'SOURCE_AGENT', reason: 'REASON_CONTAINER_LAUNCH_FAILED' });

  const page = await t.context.browser.page();
  await page.goto(cluster.master.url(`/tasks/${encodeURIComponent(framework.id)}/nobody-home`));
  const why = page.locator('[data-testid="why"]');
  await why.waitFor();
  const text = (await why.textContent()) ?? '';
  t.regex(text, /TASK_FAILED/);
  t.regex(text, /SOURCE_AGENT/);
  t.regex(text, /said by the agent/);
  t.regex(await textOf(page, '[data-testid="why-reason"]'), /^REASON_CONTAINER_LAUNCH_FAILED: The task's container could not be launched/);
  t.is(await textOf(page, '[data-testid="why-message"]'), failed.message!, 'the message as the agent wrote it');
  const history = await page.locator('[data-testid="history"] tbody tr [data-state]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-state')));
  t.deepEqual(history, ['TASK_STARTING', 'TASK_FAILED']);
  await screenshot(page, 'task-failed');

  await page.click('header nav >> text=Tasks');
  await page.selectOption('[data-testid="state-filter"]', 'TASK_FAILED');
  await page.waitForURL(/\/tasks\?state=TASK_FAILED$/);
  const row = page.locator('[data-testid="task-row"][data-task-id="nobody-home"]');
  t.regex((await row.textContent()) ?? '', /REASON_CONTAINER_LAUNCH_FAILED The task's container could not be launched/);
  await page.fill('[data-testid="text-filter"]', 'no such thing anywhere');
  await page.waitForSelector('[data-testid="no-tasks"]');
  await screenshot(page, 'tasks-filtered-empty');
  await page.fill('[data-testid="text-filter"]', 'launch');
  await row.waitFor();
  await screenshot(page, 'tasks');
  t.deepEqual(t.context.browser.errors, [], 'no error in the page');
});

test.serial("a task's stdout and stderr appear on its page and grow while it prints, through the agent's files API", async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  await agentFor(t);
  const framework = await cluster.framework();
  const script = 'i=0; while [ $i -lt 3000 ]; do i=$((i+1)); echo "line $i: héllo ✓"; echo "oops $i" >&2; sleep 0.1; done';
  await framework.launch(await framework.offer(), [{ task_id: { value: 'printer' }, command: { value: script } }]);
  await framework.acknowledgeUntil('printer', 'TASK_RUNNING');

  const page = await t.context.browser.page();
  await page.goto(cluster.master.url(`/tasks/${encodeURIComponent(framework.id)}/printer`));
  const log = page.locator('[data-testid="file-text"][data-file="stdout"]');
  await page.waitForFunction(() => /line 3: héllo ✓\n/.test(document.querySelector('[data-testid="file-text"]')?.textContent ?? ''));
  const first = Number(/line (\d+): héllo ✓\n$/.exec((await log.textContent()) ?? '')?.[1]);
  await page.waitForFunction((n) => (document.querySelector('[data-testid="file-text"]')?.textContent ?? '').includes(`line ${n + 10}: héllo ✓\n`), first);
  const text = (await log.textContent()) ?? '';
  const lines = text.trimEnd().split('\n');
  t.deepEqual(lines, lines.map((_, i) => `line ${i + 1}: héllo ✓`), 'every line once, in order, none cut or doubled');
  t.regex(await textOf(page, '[data-testid="container"]'), /namespaces\/pid, filesystem\/shared/);
  t.regex(await textOf(page, '[data-testid="container"]'), /cpus 0\.1, mem 16 MB/);
  await screenshot(page, 'task-stdout');

  await page.click('[data-testid="tab-stderr"]');
  await page.waitForURL(/\?file=stderr$/);
  await page.waitForFunction(() => /oops 2\n/.test(document.querySelector('[data-testid="file-text"][data-file="stderr"]')?.textContent ?? ''));
  t.deepEqual(
    (await page.locator('[data-testid="sandbox-entry"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')))).filter((n) => n === 'stdout' || n === 'stderr'),
    ['stderr', 'stdout'],
    'the sandbox listing shows both files',
  );
  await page.reload();
  await page.waitForFunction(() => /oops \d+\n/.test(document.querySelector('[data-testid="file-text"][data-file="stderr"]')?.textContent ?? ''));
  t.regex(await textOf(page, '[data-testid="file-text"][data-file="stderr"]'), /^oops 1\n/, 'the address of a task page showing stderr reloads to the same view');
  await screenshot(page, 'task-stderr');
  t.deepEqual(t.context.browser.errors, [], 'no error in the page');
});

test.serial('names and ids with markup are shown as text: no element is made from them, no script runs', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  await agentFor(t);
  const framework = await cluster.framework({ name: '<b id="fw-bold">fw</b>' });
  const name = '<script>window.pwned = 1</script><img id="evil" src="x" onerror="window.pwned = 2">';
  const id = '<img src=x onerror="window.pwned=3">';
  await framework.launch(await framework.offer(), [{ task_id: { value: id }, name, command: { value: 'echo "<script>window.pwned = 4</script><img src=x onerror=window.pwned=5>"' } }]);
  await framework.acknowledgeUntil(id, 'TASK_FINISHED');

  const page = await t.context.browser.page();
  await page.goto(cluster.master.url('/tasks'));
  const link = page.locator('[data-testid="task-row"] a.task-id');
  t.is(await link.textContent(), id);
  t.is(await textOf(page, '[data-testid="task-row"] .task-name'), name);
  await screenshot(page, 'tasks-markup');
  await link.click();
  await page.waitForSelector('[data-testid="task-name"]');
  t.is(await textOf(page, '[data-testid="task-name"]'), name);
  await page.waitForFunction(() => (document.querySelector('[data-testid="file-text"]')?.textContent ?? '').includes('</script>'));
  t.is(await textOf(page, '[data-testid="file-text"]'), '<script>window.pwned = 4</script><img src=x onerror=window.pwned=5>\n');
  await screenshot(page, 'task-markup');
  t.is(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined, 'no script ran');
  t.is(await page.locator('#evil, #fw-bold, img, main script').count(), 0, 'no element was made from the text');
  await page.reload();
  t.is(await textOf(page, '[data-testid="task-name"]'), name, 'the page of a task with such an id reloads');
});

test.serial('when the master goes away a banner says so and the page keeps what it last knew; it recovers when the master is back', async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster(['--agent_reregister_timeout=10mins']);
  await agentFor(t);
  const framework = await cluster.framework({ checkpoint: true, failover_timeout: 3600 });
  await framework.launch(await framework.offer(), ['kept-1', 'kept-2'].map((id) => ({ task_id: { value: id }, command: { value: 'sleep 1000' } })));
  for (const id of ['kept-1', 'kept-2']) await framework.acknowledgeUntil(id, 'TASK_RUNNING');

  const page = await t.context.browser.page();
  await page.goto(cluster.master.url('/tasks'));
  await page.waitForSelector('[data-testid="task-row"][data-task-id="kept-2"]');
  t.is(await page.locator('[data-testid="master-banner"]').count(), 0);

  await cluster.master.stop('SIGKILL');
  const banner = page.locator('[data-testid="master-banner"]');
  await banner.waitFor();
  t.regex((await banner.textContent()) ?? '', /The master does not answer.*Showing what it said at/s);
  t.is(await page.locator('[data-testid="task-row"]').count(), 2, 'the tasks it last listed are still shown');
  await screenshot(page, 'master-gone');

  await cluster.restartMaster();
  await banner.waitFor({ state: 'detached', timeout: 60_000 });
  t.is(await banner.count(), 0, 'the banner goes once the master answers again');
  await page.locator('[data-testid="task-row"][data-task-id="kept-2"]').waitFor({ timeout: 60_000 });
  t.is(await page.locator('[data-testid="task-row"]').count(), 2, 'the tasks are listed again once the agent re-registers');
  t.deepEqual(
    t.context.browser.errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(e)),
    [],
    'no error in the page but the failed requests',
  );
});

test.serial("when an agent's files API fails, the task page says so and keeps the output it had read", async (t) => {
  const { cluster } = t.context;
  await cluster.startMaster();
  const agent = await agentFor(t);
  const framework = await cluster.framework();
  await framework.launch(await framework.offer(), [{ task_id: { value: 'talker' }, command: { value: 'echo said before; sleep 1000' } }]);
  await framework.acknowledgeUntil('talker', 'TASK_RUNNING');

  const page = await t.context.browser.page();
  await page.goto(cluster.master.url(`/tasks/${encodeURIComponent(framework.id)}/talker`));
  await page.waitForFunction(() => (document.querySelector('[data-testid="file-text"]')?.textContent ?? '') === 'said before\n');
  await agent.kill('SIGKILL');
  const banner = page.locator('[data-testid="files-banner"]').first();
  await banner.waitFor();
  t.regex((await banner.textContent()) ?? '', new RegExp(`The agent's files API failed.*agent ${agent.id} \\(agent at 127\\.0\\.0\\.1:${agent.port}\\) did not answer`, 's'));
  t.is(await textOf(page, '[data-testid="file-text"]'), 'said before\n', 'the output read before is still shown');
  await screenshot(page, 'agent-gone');
});
