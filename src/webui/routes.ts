// The UI's addresses: which page a path is, and the links to each page.
// Ids go in path segments, encoded: task ids come from frameworks.

export type Route =
  | { page: 'overview' }
  | { page: 'tasks' }
  | { page: 'task'; frameworkId: string; taskId: string }
  | { page: 'agents' }
  | { page: 'agent'; agentId: string }
  | { page: 'frameworks' }
  | { page: 'framework'; frameworkId: string }
  | { page: 'not-found'; path: string };

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function routeOf(path: string): Route {
  // The master serves its endpoints under /master/ too (Mesos's paths), the UI's pages included.
  const parts = path.replace(/^\/master(?=\/|$)/, '').replace(/\/+$/, '').split('/').slice(1).map(decode);
  if (parts.some((p) => p === undefined)) return { page: 'not-found', path };
  const [section, a, b, ...rest] = parts as string[];
  if (rest.length > 0) return { page: 'not-found', path };
  if (section === undefined || section === '') return { page: 'overview' };
  if (section === 'tasks' && a === undefined) return { page: 'tasks' };
  if (section === 'tasks' && a !== undefined && b !== undefined) return { page: 'task', frameworkId: a, taskId: b };
  if (section === 'agents' && b === undefined) return a === undefined ? { page: 'agents' } : { page: 'agent', agentId: a };
  if (section === 'frameworks' && b === undefined) return a === undefined ? { page: 'frameworks' } : { page: 'framework', frameworkId: a };
  return { page: 'not-found', path };
}

const enc = encodeURIComponent;

export const href = {
  overview: (): string => '/',
  tasks: (filter: { state?: string; q?: string } = {}): string => {
    const query = new URLSearchParams();
    if (filter.state) query.set('state', filter.state);
    if (filter.q) query.set('q', filter.q);
    const text = query.toString();
    return text ? `/tasks?${text}` : '/tasks';
  },
  task: (frameworkId: string, taskId: string, file?: string): string => `/tasks/${enc(frameworkId)}/${enc(taskId)}${file ? `?file=${enc(file)}` : ''}`,
  agents: (): string => '/agents',
  agent: (agentId: string): string => `/agents/${enc(agentId)}`,
  frameworks: (): string => '/frameworks',
  framework: (frameworkId: string): string => `/frameworks/${enc(frameworkId)}`,
};
