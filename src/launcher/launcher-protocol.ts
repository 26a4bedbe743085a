// The resident launcher's wire (native-bindings/launcher/launcher.h): a
// request is a fixed header, the fds' target numbers and the argv (program
// path first), NUL-terminated; the fds themselves travel beside it
// (SCM_RIGHTS). Answers are fixed records of four 32-bit words. Native byte
// order: both ends run on one machine.
import { endianness } from 'node:os';

export const MAGIC = 0x4d434c52;
export const MAX_FDS = 16;
export const MAX_PAYLOAD = 1 << 20;
export const NEW_SESSION = 1;
const HEADER_BYTES = 24;
export const ANSWER_BYTES = 16;
const little = endianness() === 'LE';

export interface LaunchRequestWire {
  id: number;
  newSession: boolean;
  /** The program's path, then its argv (argv[0] first). */
  path: string;
  argv: readonly string[];
  /** The fd number each passed fd gets in the stub, in the order the fds are sent. */
  targets: readonly number[];
}

export function encodeRequest(request: LaunchRequestWire): Uint8Array {
  if (request.targets.length > MAX_FDS) throw new RangeError(`at most ${MAX_FDS} fds per launch, not ${request.targets.length}`);
  const strings = Buffer.from([request.path, ...request.argv].map((s) => `${s}\0`).join(''), 'utf8');
  const payloadLength = request.targets.length * 4 + strings.length;
  if (payloadLength > MAX_PAYLOAD) throw new RangeError(`a launch request of ${payloadLength} bytes is over the launcher's limit of ${MAX_PAYLOAD}`);
  const bytes = new Uint8Array(HEADER_BYTES + payloadLength);
  const view = new DataView(bytes.buffer);
  const words = [MAGIC, request.id, request.newSession ? NEW_SESSION : 0, request.targets.length, 1 + request.argv.length, payloadLength];
  words.forEach((word, i) => view.setUint32(i * 4, word, little));
  request.targets.forEach((target, i) => view.setInt32(HEADER_BYTES + i * 4, target, little));
  bytes.set(strings, HEADER_BYTES + request.targets.length * 4);
  return bytes;
}

export type LauncherAnswer =
  | { kind: 'started'; id: number; pid: number }
  | { kind: 'failed'; id: number; errno: number }
  | { kind: 'reaped'; pid: number; status: number };

/** Splits what arrived into answers; returns them and the bytes of an answer not complete yet. */
export function decodeAnswers(bytes: Buffer): { answers: LauncherAnswer[]; rest: Buffer } {
  const answers: LauncherAnswer[] = [];
  let at = 0;
  for (; at + ANSWER_BYTES <= bytes.length; at += ANSWER_BYTES) {
    const kind = little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at);
    const id = little ? bytes.readUInt32LE(at + 4) : bytes.readUInt32BE(at + 4);
    const pid = little ? bytes.readInt32LE(at + 8) : bytes.readInt32BE(at + 8);
    const value = little ? bytes.readInt32LE(at + 12) : bytes.readInt32BE(at + 12);
    if (kind === 1) answers.push({ kind: 'started', id, pid });
    else if (kind === 2) answers.push({ kind: 'failed', id, errno: value });
    else if (kind === 3) answers.push({ kind: 'reaped', pid, status: value });
  }
  return { answers, rest: bytes.subarray(at) };
}

/** A wait status as exit code and signal (WIFEXITED / WIFSIGNALED). */
export function decodeWaitStatus(status: number): { code: number | null; signal: number | null } {
  const signal = status & 0x7f;
  return signal === 0 ? { code: (status >> 8) & 0xff, signal: null } : { code: null, signal };
}
