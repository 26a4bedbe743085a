// The web UI explains every reason and source of a status update in words:
// a reason added to the protocol without words fails here (and in the UI's
// type check).
import test from 'ava';

import { REASONS } from '../../src/mesos/reason.js';
import { SOURCES } from '../../src/mesos/source.js';
import { REASON_WORDS, SOURCE_WORDS, reasonWords } from '../../src/webui/model/reasons.js';

test('every reason of the protocol has words, and only those', (t) => {
  t.deepEqual(Object.keys(REASON_WORDS).sort(), [...REASONS].sort());
  for (const reason of REASONS) {
    const words = REASON_WORDS[reason];
    t.regex(words, /^[A-Z].{15,}\.$/, `${reason}: a sentence`);
    t.false(words.includes('REASON_'), `${reason}: words, not the name again`);
  }
});

test('every source has words; an unknown reason has none (the UI shows its name alone)', (t) => {
  t.deepEqual(Object.keys(SOURCE_WORDS).sort(), [...SOURCES].sort());
  t.is(reasonWords('REASON_FROM_THE_FUTURE'), undefined);
  t.is(reasonWords(undefined), undefined);
  t.regex(reasonWords('REASON_AGENT_REMOVED')!, /agent was removed/);
});
