// pino on stderr. The pino logger is made when a record is first written,
// so that a level that writes nothing costs nothing.
import { destination, pino } from 'pino';
import type { Logger as PinoLogger } from 'pino';

import { messageOf } from '../errors.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type Method = (fields: Record<string, unknown> | string, message?: string) => void;
export interface Logger {
  trace: Method;
  debug: Method;
  info: Method;
  warn: Method;
  error: Method;
  child(bindings: Record<string, unknown>): Logger;
}

const rank: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

let root: PinoLogger | undefined;
function pinoRoot(level: LogLevel): PinoLogger {
  return (root ??= pino({ level, base: { name: 'mesos-containerizer' } }, destination({ fd: 2, sync: true })));
}

/** Above debug, an error in a record is its one-line message: no stack trace, no multi-line text. */
function withoutStacks(fields: Record<string, unknown>): Record<string, unknown> {
  if (!Object.values(fields).some((value) => value instanceof Error)) return fields;
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value instanceof Error ? messageOf(value) : value]));
}

export function createLogger(level: LogLevel = 'info', bindings: Record<string, unknown> = {}): Logger {
  let real: PinoLogger | undefined;
  const target = (): PinoLogger => (real ??= pinoRoot(level).child(bindings, { level }));
  const debugging = rank[level] <= rank.debug;
  const method =
    (name: Exclude<LogLevel, 'silent'>): Method =>
    (fields, message) => {
      if (rank[name] < rank[level]) return;
      if (typeof fields === 'string') target()[name](fields);
      else target()[name](debugging ? fields : withoutStacks(fields), message);
    };
  return {
    trace: method('trace'),
    debug: method('debug'),
    info: method('info'),
    warn: method('warn'),
    error: method('error'),
    child: (more) => createLogger(level, { ...bindings, ...more }),
  };
}
