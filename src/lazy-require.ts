// Synchronous loading of Node built-ins and CommonJS packages, for modules
// needed only on some paths. A dynamic import() would do in the ES module
// library, but in the CLI's CommonJS bundle it starts Node's ES module
// loader, which alone costs ~4 ms.
import { createRequire } from 'node:module';

export const lazyRequire = createRequire(import.meta.url);
