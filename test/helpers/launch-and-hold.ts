// A stand-in for an agent: launches containers through the library, prints
// one line once they all run, and stays until killed. Argument: a JSON object
// with the Containerizer options and the launch requests.
import { Containerizer } from '../../src/containerizer/containerizer.js';
import { createLogger } from '../../src/log/logger.js';

const { options, requests } = JSON.parse(process.argv[2]!) as {
  options: ConstructorParameters<typeof Containerizer>[0];
  requests: Array<Parameters<Containerizer['launch']>[0]>;
};
const containerizer = new Containerizer({ ...options, logger: createLogger('error') });
const pids: number[] = [];
for (const request of requests) pids.push((await containerizer.launch(request)).pid);
process.stdout.write(`${JSON.stringify({ pids })}\n`);
setInterval(() => undefined, 1 << 30);
