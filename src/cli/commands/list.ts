import type { ContainerStatus } from '../../containerizer/status.js';
import { containerizerFrom } from '../containerizer-from-args.js';
import { printJson, printTable } from '../output.js';
import type { ParsedArgs } from '../spec.js';

function outcome(status: ContainerStatus): string {
  if (status.state === 'torn') return 'unknown (torn record)';
  if (status.state !== 'exited' && status.state !== 'abandoned') return '';
  const end = status.signal !== null ? `signal ${status.signal}` : status.exit_code !== null ? `exit ${status.exit_code}` : 'unknown';
  return status.destroyed ? `${end} (destroyed)` : end;
}

export async function run(args: ParsedArgs): Promise<number> {
  const containers = (await containerizerFrom(args)).containers();
  if (args.json) {
    printJson(containers);
    return 0;
  }
  printTable(
    ['CONTAINER ID', 'STATE', 'PID', 'CREATED', 'ENDED', 'ISOLATION', 'SANDBOX'],
    containers.map((c) => [c.container_id, c.state, c.pid === null ? '-' : String(c.pid), c.created ?? '-', outcome(c) || '-', c.isolation.join(',') || 'none', c.sandbox ?? '-']),
  );
  return 0;
}
