// Says when the master does not answer, since when, and what the page shows
// meanwhile (its last answer), with a button to try again at once.
import { html } from '../html.js';
import { useMaster, useMasterStore } from '../live/use-master.js';
import { formatDuration, formatTime } from '../model/format.js';
import { useNow } from './use-now.js';
import { Banner } from './banner.js';

export function MasterBanner() {
  const { failure, updatedAt } = useMaster();
  const store = useMasterStore();
  const now = useNow(1000);
  if (!failure) return null;
  const shown = updatedAt === undefined ? 'Nothing to show yet.' : `Showing what it said at ${formatTime(updatedAt / 1000)} (${formatDuration((now - updatedAt) / 1000)} ago).`;
  const retry = failure.retryAt > now ? ` Next try in ${formatDuration((failure.retryAt - now) / 1000)}.` : '';
  return html`<${Banner} kind="error" testId="master-banner">
    <strong>The master does not answer</strong> (since ${formatTime(failure.since / 1000)}): ${failure.message}. ${shown}${retry}
    <button type="button" onClick=${() => store.retryNow()}>Try now</button>
  <//>`;
}
