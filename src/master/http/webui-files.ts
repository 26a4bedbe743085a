// The web UI's files (built into dist/webui by scripts/build-webui.mjs),
// served at "/": index.html for "/" and for every address of the UI's pages
// (/tasks/<framework>/<task>...: the UI routes with the history API, so a
// page can be reloaded or shared), and the bundle under /assets/. Asset
// names carry a hash of their content, so browsers keep them for a year;
// index.html is revalidated every time (ETag), so a new build shows at the
// next load. A gzip twin is sent to browsers that accept it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { respond } from '../../mesos/wire/inbox.js';

/** The addresses of the UI's pages (src/webui/routes.ts). */
const PAGE = /^\/(?:(?:tasks|agents|frameworks)(?:\/.*)?)?$/;
const ASSET = /^\/assets\/([\w.-]+)$/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Nothing but the UI's own files runs or loads; it fetches only from the master. */
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

interface StaticFile {
  body: Buffer;
  gzip: Buffer | undefined;
  type: string;
  etag: string;
}

/** dist/webui of the package this module is part of (from dist/src/… or, under tsx, src/…). */
export function defaultWebuiDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'webui');
}

function load(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const add = (urlPath: string, file: string): void => {
    const body = readFileSync(file);
    const gzip = existsSync(`${file}.gz`) ? readFileSync(`${file}.gz`) : undefined;
    files.set(urlPath, { body, gzip, type: TYPES[extname(file)] ?? 'application/octet-stream', etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
  };
  add('/index.html', join(dir, 'index.html'));
  const assets = join(dir, 'assets');
  for (const name of existsSync(assets) ? readdirSync(assets) : []) if (!name.endsWith('.gz')) add(`/assets/${name}`, join(assets, name));
  return files;
}

export class WebuiFiles {
  private files: Map<string, StaticFile> | undefined;

  constructor(readonly dir: string = defaultWebuiDir()) {}

  /** Whether `path` is the UI's: a page or an asset. */
  owns(path: string): boolean {
    return ASSET.test(path) || PAGE.test(path);
  }

  serve(req: IncomingMessage, res: ServerResponse, path: string): void {
    const asset = ASSET.test(path);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      respond(res, 405, `${path} takes GET, not ${req.method}`, { allow: 'GET, HEAD' });
      return;
    }
    if (!this.files) {
      if (!existsSync(join(this.dir, 'index.html'))) {
        respond(res, 503, `the web UI is not built: there is no ${join(this.dir, 'index.html')} (npm run build makes it)`);
        return;
      }
      this.files = load(this.dir);
    }
    const file = this.files.get(asset ? path : '/index.html');
    if (!file) {
      respond(res, 404, `no such file of the web UI: ${path}`);
      return;
    }
    const cache = asset ? { 'cache-control': 'public, max-age=31536000, immutable' } : { 'cache-control': 'no-cache', ...PAGE_HEADERS };
    const common = { 'content-type': file.type, etag: file.etag, vary: 'accept-encoding', ...cache };
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, common).end();
      return;
    }
    const gzip = file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) ? file.gzip : undefined;
    const body = gzip ?? file.body;
    res.writeHead(200, { ...common, 'content-length': String(body.length), ...(gzip && { 'content-encoding': 'gzip' }) });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}
