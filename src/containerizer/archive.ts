// archive: a .tar.gz of a container's sandbox and of its recorded state, for
// a bug report. Streamed by the tar package: a large sandbox never sits in
// memory. Symbolic links are archived as links, never followed.
import { createWriteStream } from 'node:fs';
import { relative } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { Pack } from 'tar';

import type { ContainerizerContext } from './context.js';
import { requireRecord, viewContainer } from './view.js';


/** Entries are <id>/sandbox/... and <id>/state/... */
export async function archiveContainer(ctx: ContainerizerContext, id: string, output: string | Writable): Promise<void> {
  const { state } = requireRecord(viewContainer(ctx, id));
  const roots: Array<[string, string]> = [
    [state.sandbox, `${id}/sandbox`],
    [ctx.runDir.dir(id), `${id}/state`],
  ];
  const pack = new Pack({
    cwd: '/',
    gzip: true,
    portable: true,
    onWriteEntry(entry) {
      const absolute = `/${entry.path.replace(/^\/+/, '')}`;
      for (const [root, name] of roots) {
        const inside = relative(root, absolute);
        if (!inside.startsWith('..')) {
          entry.path = inside ? `${name}/${inside}` : name;
          return;
        }
      }
    },
  });
  for (const [root] of roots) pack.add(root);
  pack.end();
  await pipeline(pack, typeof output === 'string' ? createWriteStream(output, { mode: 0o600 }) : output);
}
