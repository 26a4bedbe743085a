// The CLI's output, written straight to fd 1 or 2: process.stdout and
// process.stderr would load Node's streams (~2 ms of a ~20 ms command) for one
// write. A reader that has gone (EPIPE: `status | head -1`) ends the output
// quietly, as with other command-line tools; a descriptor a parent left
// non-blocking (EAGAIN) is waited for.
import { writeSync } from 'node:fs';

const pause = new Int32Array(new SharedArrayBuffer(4));

export function writeAll(fd: 1 | 2, text: string): void {
  let rest = Buffer.from(text);
  while (rest.length > 0) {
    try {
      rest = rest.subarray(writeSync(fd, rest));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
