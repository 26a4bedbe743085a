// The web UI's addresses: every page's link leads back to that page, with
// ids of any characters a framework may use (a task id may hold anything
// but a slash, a backslash or a control character, and may not be . or ..,
// which no address could carry: browsers resolve them).
import test from 'ava';

import { href, routeOf } from '../../src/webui/routes.js';

const awkward = ['plain', 'with space', '<img src=x onerror="alert(1)">', 'per%cent', 'q?uestion#hash', 'dots..', 'ünïcødé ✓', '.hidden', '...'];

test("a task's link leads to that task, whatever its id", (t) => {
  for (const id of awkward) {
    t.deepEqual(routeOf(new URL(href.task('fw-0001', id), 'http://m').pathname), { page: 'task', frameworkId: 'fw-0001', taskId: id }, id);
  }
});

test('agents, frameworks and the lists', (t) => {
  t.deepEqual(routeOf('/'), { page: 'overview' });
  t.deepEqual(routeOf('/tasks'), { page: 'tasks' });
  t.deepEqual(routeOf('/tasks/'), { page: 'tasks' });
  // The master serves the UI under /master/ too (as it does its endpoints): the same pages.
  t.deepEqual(routeOf('/master/tasks'), { page: 'tasks' });
  t.deepEqual(routeOf('/master/agents/a-S0'), { page: 'agent', agentId: 'a-S0' });
  t.deepEqual(routeOf('/masters'), { page: 'not-found', path: '/masters' });
  t.deepEqual(routeOf('/agents'), { page: 'agents' });
  t.deepEqual(routeOf(href.agent('a b-S0')), { page: 'agent', agentId: 'a b-S0' });
  t.deepEqual(routeOf('/frameworks'), { page: 'frameworks' });
  t.deepEqual(routeOf(href.framework('f/1')), { page: 'framework', frameworkId: 'f/1' });
});

test('anything else is no page', (t) => {
  for (const path of ['/tasks/fw', '/tasks/a/b/c', '/agents/a/b', '/nothing', '/tasks/%E0%A4%A/x']) t.is(routeOf(path).page, 'not-found', path);
});

test('the tasks filter is in the address', (t) => {
  t.is(href.tasks(), '/tasks');
  t.is(href.tasks({ state: 'TASK_FAILED', q: 'a b' }), '/tasks?state=TASK_FAILED&q=a+b');
  t.is(href.task('f', 't', 'stderr'), '/tasks/f/t?file=stderr');
});
