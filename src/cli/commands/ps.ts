import { containerizerFrom } from '../containerizer-from-args.js';
import { printJson, printTable } from '../output.js';
import type { ParsedArgs } from '../spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  const processes = (await containerizerFrom(args)).processes(args.container_id as string);
  if (args.json) {
    printJson(processes.map((p) => ({ pid: p.pid, container_pid: p.nsPid, ppid: p.ppid, state: p.state, command: p.command })));
    return 0;
  }
  printTable(
    ['PID', 'CONTAINER PID', 'STATE', 'COMMAND'],
    processes.map((p) => [String(p.pid), String(p.nsPid), p.state, p.command.length > 0 ? p.command.join(' ') : `[${p.comm}]`]),
  );
  return 0;
}
