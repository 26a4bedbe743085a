// A stand-in for an agent: launches containers through the library, prints
// one line once they all run, and stays until killed. Argument: a JSON object
// with the Containerizer options, a --modules manifest (optional) and the
// launch requests.
import { Containerizer } from '../../src/containerizer/containerizer.js';
import { createLogger } from '../../src/log/logger.js';
import { readManifest } from '../../src/modules/manifest.js';
import { ModuleRegistry } from '../../src/modules/registry.js';

const { options, modules, requests } = JSON.parse(process.argv[2]!) as {
  options: ConstructorParameters<typeof Containerizer>[0];
  modules?: string;
  requests: Array<Parameters<Containerizer['launch']>[0]>;
};
const containerizer = new Containerizer({
  ...options,
  ...(modules !== undefined && { modules: await ModuleRegistry.load(readManifest(modules)) }),
  logger: createLogger('error'),
});
const pids: number[] = [];
for (const request of requests) pids.push((await containerizer.launch(request)).pid);
process.stdout.write(`${JSON.stringify({ pids })}\n`);
setInterval(() => undefined, 1 << 30);
