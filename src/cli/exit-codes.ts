// The one place where errors become exit codes. `launch` follows the
// Docker/Podman convention, since its own exit code is otherwise the task's:
// 125 the containerizer failed, 126 the command cannot be executed, 127 not
// found. Other commands exit 1 on failure and 2 on a bad command line.
import { errnoCode } from '../errors.js';

export const EXIT_CONTAINERIZER_FAILED = 125;
export const EXIT_CANNOT_EXECUTE = 126;
export const EXIT_NOT_FOUND = 127;

export function exitCodeFor(error: unknown, command: string | undefined): number {
  const code = errnoCode(error);
  if (command === 'launch') {
    if (code === 'EXEC_NOT_FOUND') return EXIT_NOT_FOUND;
    if (code === 'EXEC_FAILED') return EXIT_CANNOT_EXECUTE;
    return EXIT_CONTAINERIZER_FAILED;
  }
  return code === 'USAGE' ? 2 : 1;
}
