import { containerizerFrom } from '../containerizer-from-args.js';
import { printJson, printTable } from '../output.js';
import type { ParsedArgs } from '../spec.js';

const mib = (bytes: number | undefined): string => (bytes === undefined ? '-' : `${(bytes / 1048576).toFixed(1)} MiB`);

export async function run(args: ParsedArgs): Promise<number> {
  const stats = await (await containerizerFrom(args)).usage(args.container_id as string);
  if (args.json) {
    printJson(stats);
    return 0;
  }
  printTable(
    ['PROCESSES', 'THREADS', 'CPU USER', 'CPU SYSTEM', 'RSS', 'CACHE', 'PEAK'],
    [[String(stats.processes), String(stats.threads), `${stats.cpus_user_time_secs.toFixed(2)}s`, `${stats.cpus_system_time_secs.toFixed(2)}s`, mib(stats.mem_rss_bytes), mib(stats.mem_cache_bytes), mib(stats.mem_peak_bytes)]],
  );
  return 0;
}
