/**
 * Structured logging: one JSON object per line when the output is a file or a collector, and a
 * short readable line when a person watches a terminal. Every line passes through maskNik, so a
 * NIK that slips into a message or a field never reaches the log in full.
 */
import type { LogLevel } from '../config/config.js';
import { maskNik } from './mask-nik.js';

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines carry `component` (and any other fields) in addition. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go; stdout by default. */
  write?: (line: string) => void;
  /** Readable lines instead of JSON; defaults to whether stdout is a terminal. */
  pretty?: boolean;
  now?: () => Date;
}

export function createLogger(options: LoggerOptions, bound: LogFields = {}): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  const now = options.now ?? (() => new Date());
  const threshold = rank[options.level];

  const emit = (level: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields) => {
    if (rank[level] < threshold) return;
    const record = { time: now().toISOString(), level, ...bound, ...fields, message };
    write(maskNik(pretty ? formatPretty(record) : JSON.stringify(record, errorReplacer)));
  };

  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

function formatPretty(record: Record<string, unknown>): string {
  const { time, level, component, message, ...rest } = record;
  const extras = Object.entries(rest)
    .map(
      ([key, value]) =>
        `${key}=${typeof value === 'string' ? value : JSON.stringify(value, errorReplacer)}`,
    )
    .join(' ');
  const clock = String(time).slice(11, 19);
  const where = typeof component === 'string' ? ` [${component}]` : '';
  return `${clock} ${String(level).toUpperCase().padEnd(5)}${where} ${String(message)}${extras ? ' ' + extras : ''}`;
}

// Errors have no enumerable fields; log their name, message and code instead of `{}`.
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }) };
  }
  return value;
}
