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
  await page.click('[data-testid="framework-row"] a');
  await page.waitForSelector('[data-testid="framework-facts"]');
  t.regex(await textOf(page, 'h1'), /overview-fw/);
  t.deepEqual((await page.locator('[data-testid="task-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task-id')))).sort(), ['done', 'fails', 'sleeper']);
  await screenshot(page, 'framework');
  t.deepEqual(t.context.browser.errors, [], 'no error in the page');
});
