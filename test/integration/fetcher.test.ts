// The fetcher: every form of URI lands in the sandbox before the task starts;
// every crafted archive that tries to write outside is refused, and nothing
// is written outside.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import anyTest from 'ava';
import type { TestFn } from 'ava';

import type { HarnessContext } from '../helpers/harness.js';
import { rootOnly, useHarness } from '../helpers/harness.js';

const test = rootOnly(anyTest as TestFn<HarnessContext>);
useHarness(test);

const archives = new URL('../../fixtures/archives/', import.meta.url).pathname;

async function serve(files: Record<string, Buffer | string>): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const body = files[request.url ?? ''];
    if (body === undefined) {
      response.writeHead(404).end('not here');
      return;
    }
    response.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test('a local path, a file:// URL and an http URL are fetched; executable and output_file are honoured', async (t) => {
  const { h } = t.context;
  const script = join(h.root, 'hello.sh');
  writeFileSync(script, '#!/bin/sh\necho hello-from-script\n', { mode: 0o644 });
  const { url, server } = await serve({ '/data.txt': 'downloaded\n' });
  t.teardown(() => server.close());
  const command = {
    value: './hello.sh && cat copy.txt downloaded.txt',
    uris: [
      { value: script, executable: true },
      { value: `file://${script}`, output_file: 'copy.txt', extract: false },
      { value: `${url}/data.txt`, output_file: 'downloaded.txt' },
    ],
  };
  const r = await h.cli(['launch', '--container_id=fetch', `--command=${JSON.stringify(command)}`]);
  t.is(r.exitCode, 0, String(r.stderr));
  t.is(r.stdout, 'hello-from-script\n#!/bin/sh\necho hello-from-script\ndownloaded');
  t.is(statSync(join(h.sandbox('fetch'), 'hello.sh')).mode & 0o777, 0o755);
});

const installed = (tool: string): boolean => ['/usr/bin', '/bin', '/usr/local/bin'].some((dir) => existsSync(join(dir, tool)));
const decompressor: Record<string, string> = { 'app.tar.bz2': 'bzip2', 'app.tar.xz': 'xz' };

for (const name of ['app.tar', 'app.tar.gz', 'app.tgz', 'app.tar.bz2', 'app.tar.xz']) {
  const tool = decompressor[name];
  const missing = tool !== undefined && !installed(tool);
  (missing ? test.skip : test)(`an archive is extracted into the sandbox: ${name}${missing ? ` (skipped: ${tool} is not installed)` : ''}`, async (t) => {
    const { h } = t.context;
    const r = await h.cli(['launch', '--container_id=unpacked', `--uri=${join(archives, name)}`, '--', 'sh', '-c', 'app/run.sh && cat app/link']);
    t.is(r.exitCode, 0, String(r.stderr));
    t.is(r.stdout, 'app-ran\npayload');
  });
}

test('extract false keeps an archive as it is', async (t) => {
  const { h } = t.context;
  const command = { value: 'test -f app.tgz && test ! -e app && echo kept', uris: [{ value: join(archives, 'app.tgz'), extract: false }] };
  const r = await h.cli(['launch', '--container_id=kept', `--command=${JSON.stringify(command)}`]);
  t.is(r.stdout, 'kept');
});

const failures: Array<[string, (url: string, root: string) => string, RegExp]> = [
  ['a missing local file', () => '/nonexistent/artifact.bin', /cannot fetch '\/nonexistent\/artifact.bin': ENOENT/],
  ['a relative path', () => 'relative/artifact.bin', /cannot fetch 'relative\/artifact.bin': a local path must be absolute/],
  ['an unsupported scheme', () => 'hdfs://namenode/artifact.bin', /cannot fetch 'hdfs:\/\/namenode\/artifact.bin': only local paths, file:\/\/, http:\/\/ and https:\/\/ are supported/],
  ['an HTTP 404', (url) => `${url}/missing.tgz`, /cannot fetch 'http:\/\/127.0.0.1:\d+\/missing.tgz': the server answered 404 Not Found/],
  ['a refused connection', (_url, root) => `http://127.0.0.1:${readFileSync(join(root, 'closed-port'), 'utf8')}/artifact.bin`, /cannot fetch 'http:\/\/127.0.0.1:\d+\/artifact.bin': the download failed: .*ECONNREFUSED/],
  ['a corrupt archive', (_url, root) => {
    writeFileSync(join(root, 'corrupt.tar.gz'), 'this is not gzip');
    return join(root, 'corrupt.tar.gz');
  }, /cannot fetch '\S+corrupt.tar.gz': not a readable archive/],
];

for (const [what, uri, message] of failures) {
  test(`a failed fetch fails the launch, naming the URI: ${what}`, async (t) => {
    const { h } = t.context;
    const { url, server } = await serve({});
    t.teardown(() => server.close());
    const closed = await serve({});
    await new Promise((resolve) => closed.server.close(resolve));
    writeFileSync(join(h.root, 'closed-port'), closed.url.split(':').pop()!);
    const r = await h.cli(['launch', '--container_id=nofetch', `--uri=${uri(url, h.root)}`, '--', 'touch', join(h.root, 'ran')]);
    t.is(r.exitCode, 125);
    t.regex(String(r.stderr), message);
    t.false(existsSync(join(h.root, 'ran')), 'the task did not run');
    t.false(existsSync(h.sandbox('nofetch')), 'its sandbox is gone');
    t.false(existsSync(join(h.runtimeDir, 'containers', 'nofetch')));
  });
}

const malicious: Array<[string, RegExp, string[]]> = [
  ['dotdot.tar.gz', /entry '..\/mct-escape-dotdot' has '..' in its name/, ['mct-escape-dotdot']],
  ['absolute.tar.gz', /entry '\/tmp\/mct-escape-absolute' has an absolute name/, ['/tmp/mct-escape-absolute']],
  ['symlink-out.tar.gz', /entry 'etc-link' is a symbolic link to '\/etc', outside the sandbox/, []],
  ['symlink-climb.tar.gz', /entry 'up' is a symbolic link to '..\/..\/..\/..', outside the sandbox/, ['/tmp/mct-escape-climb']],
  ['hardlink-out.tar.gz', /entry 'passwd-copy' is a hard link to '..\/..\/..\/..\/etc\/passwd', outside the sandbox/, []],
  ['device.tar.gz', /entry 'null-copy' is a device file \(CharacterDevice\)/, []],
];

for (const [name, message, escapes] of malicious) {
  test(`a crafted archive is refused and writes nothing outside the sandbox: ${name}`, async (t) => {
    const { h } = t.context;
    const passwd = readFileSync('/etc/passwd', 'utf8');
    const r = await h.cli(['launch', '--container_id=evil', `--uri=${join(archives, name)}`, '--', 'true']);
    t.is(r.exitCode, 125);
    t.regex(String(r.stderr), new RegExp(`cannot fetch '\\S+${name.replace(/\./g, '\\.')}': the archive would write outside the sandbox: `));
    t.regex(String(r.stderr), message);
    for (const path of escapes) {
      t.false(existsSync(path.startsWith('/') ? path : join(h.workDir, path)), `${path} was not written`);
      t.false(existsSync(join(h.workDir, 'containers', path)));
    }
    t.is(readFileSync('/etc/passwd', 'utf8'), passwd);
    t.false(existsSync(h.sandbox('evil')));
  });
}
