// The page frame: the navigation, the master's banner, and the page the
// address names.
import { MasterBanner } from './components/master-banner.js';
import { html } from './html.js';
import { useMaster } from './live/use-master.js';
import { AgentPage, AgentsPage } from './pages/agents.js';
import { FrameworkPage, FrameworksPage } from './pages/frameworks.js';
import { OverviewPage } from './pages/overview.js';
import { TaskPage } from './pages/task.js';
import { TasksPage } from './pages/tasks.js';
import type { Route } from './routes.js';
import { href, routeOf } from './routes.js';
import { useLocation } from './router.js';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'overview':
      return html`<${OverviewPage} />`;
    case 'tasks':
      return html`<${TasksPage} />`;
    case 'task':
      return html`<${TaskPage} frameworkId=${route.frameworkId} taskId=${route.taskId} />`;
    case 'agents':
      return html`<${AgentsPage} />`;
    case 'agent':
      return html`<${AgentPage} agentId=${route.agentId} />`;
    case 'frameworks':
      return html`<${FrameworksPage} />`;
    case 'framework':
      return html`<${FrameworkPage} frameworkId=${route.frameworkId} />`;
    default:
      return html`<h1>No such page</h1><p data-testid="not-found">Nothing here at <code>${route.path}</code>. <a href="/">Overview</a></p>`;
  }
}

const SECTIONS: Array<[string, string, Route['page'][]]> = [
  ['Overview', href.overview(), ['overview']],
  ['Tasks', href.tasks(), ['tasks', 'task']],
  ['Agents', href.agents(), ['agents', 'agent']],
  ['Frameworks', href.frameworks(), ['frameworks', 'framework']],
];

export function App() {
  const { path } = useLocation();
  const route = routeOf(path);
  const { state } = useMaster();
  return html`<header class="top">
      <a class="brand" href="/">Mesos master</a>
      <span class="muted">${state ? `${state.hostname} · ${state.address}` : ''}</span>
      <nav>${SECTIONS.map(([label, link, pages]) => html`<a key=${label} href=${link} class=${pages.includes(route.page) ? 'current' : ''} aria-current=${pages.includes(route.page) ? 'page' : undefined}>${label}</a>`)}</nav>
    </header>
    <${MasterBanner} />
    <main><${Page} route=${route} /></main>`;
}
