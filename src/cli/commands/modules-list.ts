import { readManifest } from '../../modules/manifest.js';
import { ModuleRegistry } from '../../modules/registry.js';
import { printJson, printTable } from '../output.js';
import type { ParsedArgs } from '../spec.js';
import { UsageError } from '../usage-error.js';

export async function run(args: ParsedArgs): Promise<number> {
  if (typeof args.modules !== 'string') throw new UsageError('modules list needs --modules=<manifest>');
  const reports = await ModuleRegistry.inspect(readManifest(args.modules));
  if (args.json) {
    printJson(reports);
  } else {
    printTable(
      ['LIBRARY', 'MODULE', 'KIND', 'API', 'VERSION', 'LOADS', 'DESCRIPTION / ERROR'],
      reports.map((r) => [r.library, r.module, r.kind ?? '-', r.module_api_version ?? '-', r.mesos_version ?? '-', r.loads ? 'yes' : 'no', r.error ?? r.description ?? '']),
    );
  }
  return 0;
}
