// --master=HOST:PORT (or a URL) to the scheduler endpoint's URL.
import { SchedulerError } from './errors.js';

export function schedulerUrl(master: string): URL {
  const text = /^https?:\/\//.test(master) ? master : `http://${master}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch (cause) {
    throw new SchedulerError('BAD_MASTER_ADDRESS', `invalid master address '${master}': expected HOST:PORT`, { cause });
  }
  if (!url.port && !/^https?:\/\//.test(master)) throw new SchedulerError('BAD_MASTER_ADDRESS', `invalid master address '${master}': expected HOST:PORT (the port is missing)`);
  url.pathname = '/api/v1/scheduler';
  return url;
}
