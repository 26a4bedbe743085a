import test from 'ava';

import {
  addResources,
  containsResources,
  formatResources,
  parseResources,
  rangesResource,
  resourcesEqual,
  scalarOf,
  scalarResource,
  setResource,
  subtractResources,
} from '../../src/mesos/resources/index.js';

test('the --resources text form parses to v1 Resources', (t) => {
  t.deepEqual(parseResources('cpus:2;mem:1024;disk:4096;ports:[31000-32000]'), [
    { name: 'cpus', type: 'SCALAR', scalar: { value: 2 } },
    { name: 'mem', type: 'SCALAR', scalar: { value: 1024 } },
    { name: 'disk', type: 'SCALAR', scalar: { value: 4096 } },
    { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 31000, end: 32000 }] } },
  ]);
});

test('roles, sets, several ranges, spaces, and repeated names adding up', (t) => {
  const parsed = parseResources(' cpus(web):0.5 ; cpus:1; cpus:0.25; disks:{sda, sdb}; ports:[1-2, 5-9, 3-4] ;');
  t.deepEqual(parsed, [
    { name: 'cpus', type: 'SCALAR', scalar: { value: 0.5 }, role: 'web' },
    { name: 'cpus', type: 'SCALAR', scalar: { value: 1.25 } },
    { name: 'disks', type: 'SET', set: { item: ['sda', 'sdb'] } },
    { name: 'ports', type: 'RANGES', ranges: { range: [{ begin: 1, end: 9 }] } },
  ]);
  t.is(formatResources(parsed), 'cpus(web):0.5;cpus:1.25;disks:{sda,sdb};ports:[1-9]');
  t.is(scalarOf(parsed, 'cpus'), 1.75);
});

test('text form round-trips through format', (t) => {
  const text = 'cpus:2;mem:1024;disk:4096;ports:[31000-32000,33000-33010]';
  t.is(formatResources(parseResources(text)), text);
});

test('the JSON form of --resources is v1 Resources', (t) => {
  const parsed = parseResources('[{"name":"cpus","type":"SCALAR","scalar":{"value":3}}]');
  t.deepEqual(parsed, [scalarResource('cpus', 3)]);
  t.throws(() => parseResources('[{"name":"cpus","type":"SCALAR"}]'), { message: /'\[0\].scalar' is required for a SCALAR resource/ });
});

const bad: Array<[string, RegExp]> = [
  ['cpus', /'cpus' is not NAME:VALUE/],
  ['cpus:two', /the value of 'cpus' must be a number, \[BEGIN-END,...\] or \{ITEM,...\} \(got 'two'\)/],
  ['cpus:-1', /'cpus' must not be negative/],
  ['ports:[5-1]', /'ports' has a range that ends before it begins: 5-1/],
  ['ports:[a-b]', /'ports' has a bad range 'a-b'/],
  ['ports:[1-2', /'ports' has no closing '\]'/],
  ['mem:', /the value of 'mem' must be a number/],
];
for (const [text, message] of bad) {
  test(`--resources '${text}' is refused, naming the entry`, (t) => {
    const error = t.throws(() => parseResources(text), { message });
    t.is((error as { code?: string }).code, 'INVALID_RESOURCES');
    t.true(error!.message.startsWith(`invalid resources '${text}'`));
  });
}

test('add: scalars sum (three decimals), ranges and sets unite, roles stay apart', (t) => {
  const sum = addResources(parseResources('cpus:0.1;ports:[1-5];disks:{a}'), parseResources('cpus:0.2;ports:[6-8,20-21];disks:{a,b};cpus(r):1'));
  t.is(formatResources(sum), 'cpus:0.3;ports:[1-8,20-21];disks:{a,b};cpus(r):1');
});

test('subtract: what is taken goes, empty resources vanish, ranges split', (t) => {
  const total = parseResources('cpus:2;mem:1024;ports:[31000-32000]');
  const left = subtractResources(total, parseResources('cpus:0.5;mem:1024;ports:[31000-31000,31500-31600]'));
  t.is(formatResources(left), 'cpus:1.5;ports:[31001-31499,31601-32000]');
  t.is(formatResources(subtractResources(left, parseResources('cpus(other):1;gpus:1'))), formatResources(left), 'what is not there is ignored');
  t.deepEqual(subtractResources(parseResources('cpus:1'), parseResources('cpus:3')), [], 'scalars stop at zero');
  t.deepEqual(subtractResources([setResource('d', ['a', 'b'])], [setResource('d', ['a'])]), [setResource('d', ['b'])]);
});

test('contains: scalars by amount, ranges by every number, sets by every item, roles apart', (t) => {
  const offer = parseResources('cpus:2;mem:512;ports:[31000-31010];disks:{a,b}');
  t.true(containsResources(offer, parseResources('cpus:2;mem:100;ports:[31002-31003,31010-31010];disks:{b}')));
  t.false(containsResources(offer, parseResources('cpus:2.001')));
  t.false(containsResources(offer, parseResources('ports:[31010-31011]')));
  t.false(containsResources(offer, parseResources('disks:{c}')));
  t.false(containsResources(offer, parseResources('gpus:1')));
  t.false(containsResources(offer, parseResources('cpus(web):1')), 'reserved resources are not in unreserved ones');
  t.true(containsResources(offer, []));
});

test('three decimals: 0.1 + 0.2 is 0.3, and adding then subtracting gives back the start', (t) => {
  const start = parseResources('cpus:1;mem:128');
  let held = start;
  for (let i = 0; i < 10; i++) held = addResources(held, [scalarResource('cpus', 0.1)]);
  t.is(scalarOf(held, 'cpus'), 2);
  for (let i = 0; i < 10; i++) held = subtractResources(held, [scalarResource('cpus', 0.1)]);
  t.true(resourcesEqual(held, start));
  t.deepEqual(addResources([rangesResource('ports', [])], []), [], 'empty ranges vanish');
});
