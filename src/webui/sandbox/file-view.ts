// A sandbox file followed live (stdout, stderr, or any file picked in the
// listing). Its text is a text node: whatever the task printed is shown,
// never interpreted. The view sticks to the end while it is scrolled there.
import { useLayoutEffect, useRef } from 'preact/hooks';

import { Banner } from '../components/banner.js';
import { html } from '../html.js';
import { formatBytes, formatTime } from '../model/format.js';
import { useFileTail } from './use-file-tail.js';

export function FileView(props: { agentId: string; path: string; name: string }) {
  const { view, error, updatedAt } = useFileTail(props.agentId, props.path);
  const box = useRef<HTMLPreElement>(null);
  const atEnd = useRef(true);
  useLayoutEffect(() => {
    if (box.current && atEnd.current) box.current.scrollTop = box.current.scrollHeight;
  }, [view?.text]);
  const onScroll = (): void => {
    const el = box.current;
    if (el) atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  };
  return html`<div class="file-view">
    ${error
      ? html`<${Banner} kind="warning" testId="files-banner"><strong>The agent's files API failed</strong> reading ${props.name}: ${error}.
          ${updatedAt ? ` Showing what was read until ${formatTime(updatedAt / 1000)}.` : ''}<//>`
      : null}
    ${view && view.hiddenBytes > 0 ? html`<p class="muted small">The first ${formatBytes(view.hiddenBytes)} are not shown.</p>` : null}
    ${view?.restarted ? html`<p class="muted small">The file was truncated; reading it again from its start.</p>` : null}
    <pre class="log" ref=${box} onScroll=${onScroll} data-testid="file-text" data-file=${props.name} aria-live="off">${view ? view.text : ''}</pre>
    <p class="muted small" data-testid="file-size">${view ? `${formatBytes(view.offset)} read` : error ? '' : 'Reading…'}</p>
  </div>`;
}
