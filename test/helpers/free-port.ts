// A port for a server a test is about to start in another process.
// Chosen below the kernel's ephemeral range (ip_local_port_range, 32768+ by
// default): a port from listen(0) is ephemeral, and between closing it and the
// child binding it any outgoing connection of any process may take it
// (seen in CI as EADDRINUSE). Below the range only servers bind.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST = 20_000;

function ephemeralStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
  }
}

function bindable(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  const highest = Math.max(LOWEST + 1000, ephemeralStart());
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (highest - LOWEST));
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${highest} after 50 tries`);
}
