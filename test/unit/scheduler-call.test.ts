import test from 'ava';

import { CallSchema, EventSchema, refuseSeconds } from '../../src/mesos/scheduler/index.js';
import { parseWith } from '../../src/mesos/validate.js';

const parse = (input: unknown) => parseWith(CallSchema, input, 'scheduler call', 'INVALID_CALL');

test('the calls of the v1 documentation parse as they are written there', (t) => {
  const fw = { framework_id: { value: '12220-3440-12532-2345' } };
  const calls = [
    { type: 'SUBSCRIBE', subscribe: { framework_info: { user: 'foo', name: 'Example HTTP Framework' }, force: true } },
    { ...fw, type: 'TEARDOWN' },
    { ...fw, type: 'ACCEPT', accept: { offer_ids: [{ value: '12220-3440-12532-O12' }], operations: [{ type: 'LAUNCH', launch: { task_infos: [{ task_id: { value: 'x' } }] } }], filters: { refuse_seconds: 5.0 } } },
    { ...fw, type: 'DECLINE', decline: { offer_ids: [{ value: 'o' }], filters: {} } },
    { ...fw, type: 'REVIVE' },
    { ...fw, type: 'SUPPRESS' },
    { ...fw, type: 'KILL', kill: { task_id: { value: 't' }, agent_id: { value: 'a' } } },
    { ...fw, type: 'SHUTDOWN', shutdown: { executor_id: { value: 'e' }, agent_id: { value: 'a' } } },
    { ...fw, type: 'ACKNOWLEDGE', acknowledge: { agent_id: { value: 'a' }, task_id: { value: 't' }, uuid: 'jhadf73jhakdlfha723adf' } },
    { ...fw, type: 'RECONCILE', reconcile: { tasks: [{ task_id: { value: '312325' }, agent_id: { value: '123535' } }] } },
    { ...fw, type: 'MESSAGE', message: { agent_id: { value: 'a' }, executor_id: { value: 'e' }, data: 'adaf838jahd748jnaldf' } },
    { ...fw, type: 'REQUEST', request: { requests: [{ agent_id: { value: 'a' } }] } },
  ];
  for (const call of calls) t.is<string, string>(parse(call).type, call.type);
});

test('malformed calls are refused with the field named', (t) => {
  const cases: Array<[unknown, string]> = [
    [{}, "invalid scheduler call: 'type' must be one of \"SUBSCRIBE\", \"TEARDOWN\", \"ACCEPT\", \"DECLINE\", \"REVIVE\", \"SUPPRESS\", \"KILL\", \"SHUTDOWN\", \"ACKNOWLEDGE\", \"RECONCILE\", \"MESSAGE\", \"REQUEST\""],
    [{ type: 'ACCEPT', accept: {} }, "invalid scheduler call: 'framework_id' is required"],
    [{ type: 'KILL', framework_id: { value: 'f' } }, "invalid scheduler call: 'kill' is required"],
    [{ type: 'KILL', framework_id: { value: 'f' }, kill: { task_id: { value: '' } } }, "invalid scheduler call: 'kill.task_id.value' must not be empty"],
    [{ type: 'SUBSCRIBE', subscribe: { framework_info: { name: 'x' } } }, "invalid scheduler call: 'subscribe.framework_info.user' is required"],
    [
      { type: 'SUBSCRIBE', subscribe: { framework_info: { user: 'u', name: 'x', id: { value: 'f1' } } } },
      "invalid scheduler call: 'framework_id' must equal 'subscribe.framework_info.id' ('f1') when re-subscribing",
    ],
    [{ type: 'ACCEPT', framework_id: { value: 'f' }, accept: { operations: [{ type: 'RESERVE', reserve: {} }] } }, "invalid scheduler call: 'accept.operations[0].type' must be \"LAUNCH\" (the only operation this master performs) (and 1 more problem)"],
    [{ type: 'ACCEPT', framework_id: { value: 'f' }, accept: { operations: [{ type: 'LAUNCH', launch: { task_infos: [{ name: 'no id' }] } }] } }, "invalid scheduler call: 'accept.operations[0].launch.task_infos[0].task_id' is required"],
    [{ type: 'ACKNOWLEDGE', framework_id: { value: 'f' }, acknowledge: { agent_id: { value: 'a' }, task_id: { value: 't' }, uuid: 'not base64!' } }, "invalid scheduler call: 'acknowledge.uuid' must be base64"],
  ];
  for (const [input, message] of cases) t.throws(() => parse(input), { message }, JSON.stringify(input));
});

test('a LAUNCH checks only the task id: the rest of a task is judged by the master, which answers TASK_ERROR', (t) => {
  const call = parse({ type: 'ACCEPT', framework_id: { value: 'f' }, accept: { offer_ids: [], operations: [{ type: 'LAUNCH', launch: { task_infos: [{ task_id: { value: 't' }, resources: 'nonsense' }] } }] } });
  t.deepEqual(call.type === 'ACCEPT' && call.accept.operations[0]!.launch.task_infos[0], { task_id: { value: 't' }, resources: 'nonsense' });
});

test('filters: unset or negative is the 5 s default, 0 none, and a year at most', (t) => {
  t.is(refuseSeconds(undefined), 5);
  t.is(refuseSeconds({}), 5);
  t.is(refuseSeconds({ refuse_seconds: -1 }), 5);
  t.is(refuseSeconds({ refuse_seconds: 0 }), 0);
  t.is(refuseSeconds({ refuse_seconds: 1e12 }), 365 * 24 * 3600);
});

test('the events of the v1 documentation parse', (t) => {
  const events = [
    { type: 'SUBSCRIBED', subscribed: { framework_id: { value: 'f' }, heartbeat_interval_seconds: 15 } },
    { type: 'OFFERS', offers: { offers: [{ id: { value: 'o' }, framework_id: { value: 'f' }, agent_id: { value: 'a' }, hostname: 'h', resources: [] }] } },
    { type: 'RESCIND', rescind: { offer_id: { value: 'o' } } },
    { type: 'UPDATE', update: { status: { task_id: { value: 't' }, state: 'TASK_RUNNING', source: 'SOURCE_EXECUTOR', uuid: 'adfadfadbhgvjayd23r2uahj' } } },
    { type: 'FAILURE', failure: { agent_id: { value: 'a' } } },
    { type: 'ERROR', error: { message: 'Framework has been removed' } },
    { type: 'HEARTBEAT' },
  ];
  for (const event of events) t.is<string, string>(parseWith(EventSchema, event, 'event', 'INVALID_MESSAGE').type, event.type);
});

test('a framework id that cannot be a directory name is refused at SUBSCRIBE', (t) => {
  for (const id of ['a/b', '..', 'a\\b', 'a\nb', 'x'.repeat(256)]) {
    t.throws(() => parse({ type: 'SUBSCRIBE', framework_id: { value: id }, subscribe: { framework_info: { user: 'u', name: 'n', id: { value: id } } } }), {
      message: "invalid scheduler call: 'subscribe.framework_info.id.value' must be a possible directory name: no control characters, '/' or '\\', not '.' or '..', at most 255 bytes",
    }, JSON.stringify(id));
  }
  t.is(parse({ type: 'SUBSCRIBE', framework_id: { value: 'ok-1' }, subscribe: { framework_info: { user: 'u', name: 'n', id: { value: 'ok-1' } } } }).type, 'SUBSCRIBE');
});
