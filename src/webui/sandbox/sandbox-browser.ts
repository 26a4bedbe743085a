// A directory of a task's sandbox, listed through the agent's /files/browse:
// directories open in place, regular files open in the file view. Names
// come from the task and are shown as text.
import { browse } from '../api/agent-api.js';
import type { FileEntry } from '../api/agent-api.js';
import { Banner } from '../components/banner.js';
import { html } from '../html.js';
import { usePolled } from '../live/use-polled.js';
import { formatBytes, formatTime } from '../model/format.js';

export interface SandboxLinks {
  dir: (relative: string) => string;
  file: (relative: string) => string;
}

const join = (dir: string, name: string): string => (dir ? `${dir}/${name}` : name);

function Crumbs(props: { dir: string; links: SandboxLinks }) {
  const parts = props.dir ? props.dir.split('/') : [];
  return html`<nav class="crumbs" aria-label="sandbox path">
    <a href=${props.links.dir('')}>sandbox</a>${parts.map((part, i) => html`<span key=${i}> / <a href=${props.links.dir(parts.slice(0, i + 1).join('/'))}>${part}</a></span>`)}
  </nav>`;
}

function Entry(props: { entry: FileEntry; name: string; dir: string; links: SandboxLinks }) {
  const { entry, name } = props;
  const relative = join(props.dir, name);
  const kind = entry.mode[0];
  const label = kind === 'd' ? html`<a href=${props.links.dir(relative)}>${name}/</a>` : kind === '-' ? html`<a href=${props.links.file(relative)}>${name}</a>` : html`<span>${name}</span>`;
  return html`<tr data-testid="sandbox-entry" data-name=${name}>
    <td>${label}</td><td class="num">${kind === 'd' ? '' : formatBytes(entry.size)}</td>
    <td><code>${entry.mode}</code></td><td>${entry.uid}:${entry.gid}</td><td>${formatTime(entry.mtime)}</td>
  </tr>`;
}

export function SandboxBrowser(props: { agentId: string; sandbox: string; dir: string; links: SandboxLinks }) {
  const path = props.dir ? `${props.sandbox}/${props.dir}` : props.sandbox;
  const listing = usePolled(() => browse(props.agentId, path), 5000, [props.agentId, path]);
  const entries = (listing.value ?? []).map((entry) => ({ entry, name: entry.path.slice(path.length + 1) })).filter((e) => e.name !== '');
  return html`<div class="sandbox" data-testid="sandbox">
    <${Crumbs} dir=${props.dir} links=${props.links} />
    ${listing.error ? html`<${Banner} kind="warning" testId="files-banner"><strong>The agent's files API failed</strong> listing the sandbox: ${listing.error}.${listing.value ? ' Showing the last listing.' : ''}<//>` : null}
    ${listing.value
      ? html`<table class="listing"><thead><tr><th>Name</th><th>Size</th><th>Mode</th><th>Owner</th><th>Modified</th></tr></thead>
          <tbody>${entries.map((e) => html`<${Entry} key=${e.name} entry=${e.entry} name=${e.name} dir=${props.dir} links=${props.links} />`)}</tbody></table>
          ${entries.length === 0 ? html`<p class="muted">Empty.</p>` : null}`
      : listing.error ? null : html`<p class="muted">Listing…</p>`}
  </div>`;
}
