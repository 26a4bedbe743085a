// GET /proxy/agents/<agent id>/state, …/files/browse, …/files/read: the
// agent's own read-only endpoints, relayed for the web UI. The browser then
// talks to the master alone: it may not reach the agents at all (a tunnel to
// the master's port, agents on a private network, an agent that names
// itself 127.0.0.1), and the agents need not let other origins read
// sandboxes (no CORS on them). Only agents the master knows are reached,
// only these three endpoints, only their own query parameters, each with a
// deadline; the agent's answer (status and body) is passed on as it is.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { messageOf } from '../../errors.js';
import { respond } from '../../mesos/wire/inbox.js';
import type { MasterContext } from '../context.js';

const PROXIED = /^\/proxy\/agents\/([^/]+)\/(state|files\/browse|files\/read)$/;
const PARAMETERS: Record<string, string[]> = { state: [], 'files/browse': ['path'], 'files/read': ['path', 'offset', 'length'] };
export const AGENT_PROXY_TIMEOUT_MS = 10_000;

function agentUrl(ip: string, port: number, endpoint: string, query: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const name of PARAMETERS[endpoint] ?? []) {
    const value = query.get(name);
    if (value !== null) kept.set(name, value);
  }
  const host = ip.includes(':') ? `[${ip}]` : ip;
  const search = kept.toString();
  return `http://${host}:${port}/${endpoint}${search ? `?${search}` : ''}`;
}

export interface ProxiedPath {
  agentId: string;
  endpoint: string;
}

/** The agent and endpoint a path of /proxy/agents/ names; undefined for any other path. */
export function proxiedPath(path: string): ProxiedPath | undefined {
  const match = PROXIED.exec(path);
  if (!match) return undefined;
  try {
    return { agentId: decodeURIComponent(match[1]!), endpoint: match[2]! };
  } catch {
    return undefined;
  }
}

export async function relayToAgent(ctx: MasterContext, req: IncomingMessage, res: ServerResponse, url: URL, { agentId, endpoint }: ProxiedPath): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return respond(res, 405, `${url.pathname} takes GET, not ${req.method}`, { allow: 'GET, HEAD' });
  const agent = ctx.agents.get(agentId);
  if (!agent) return respond(res, 404, `the master knows no agent ${agentId} (never registered, or removed)`);
  const target = agentUrl(agent.address.ip, agent.address.port, endpoint, url.searchParams);
  const who = `agent ${agentId} (${agent.info.hostname} at ${agent.address.ip}:${agent.address.port})`;
  let answer: Response;
  let body: Buffer;
  try {
    answer = await fetch(target, { signal: AbortSignal.timeout(AGENT_PROXY_TIMEOUT_MS) });
    body = Buffer.from(await answer.arrayBuffer());
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    ctx.log.info({ agent: agentId, endpoint, err: messageOf(error) }, 'an agent did not answer a relayed request');
    if (timedOut) return respond(res, 504, `${who} did not answer /${endpoint} within ${AGENT_PROXY_TIMEOUT_MS / 1000} s`);
    return respond(res, 502, `${who} did not answer /${endpoint}: ${messageOf((error as { cause?: unknown }).cause ?? error)}`);
  }
  res.writeHead(answer.status, {
    'content-type': answer.headers.get('content-type') ?? 'application/octet-stream',
    'content-length': String(body.length),
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
