// The one place where errors become exit codes, from the error contract
// (src/error-codes.ts): `launch` follows the Docker/Podman convention, since
// its own exit code is otherwise the task's: 125 the containerizer failed
// (bad input included), 126 the command cannot be executed, 127 not found.
// `enter` exits 126/127 for its program likewise; every command exits 1 on a
// failure and 2 on a bad command line.
import { exitCodeOf } from '../error-codes.js';
import { errnoCode } from '../errors.js';

export function exitCodeFor(error: unknown, command: string | undefined): number {
  return exitCodeOf(errnoCode(error), command);
}
