/**
 * The product's configuration, read from the environment once at start-up.
 *
 * Every variable is validated with zod; a bad value stops the start with a message that names the
 * variable, what it must be and what it was, so an operator can fix it without reading code.
 */
import path from 'node:path';
import { z } from 'zod';

const portMessage = 'must be a whole number between 0 and 65535';
const port = (fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, portMessage)
    .transform(Number)
    .pipe(z.number().int().max(65535, portMessage))
    .default(fallback);

const postgresUrl = z
  .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
  .optional();

const grpcAddress = z
  .string()
  .trim()
  .regex(
    /^grpcs?:\/\/[^\s:/]+:\d{1,5}$/,
    'must look like grpc://host:port (plaintext) or grpcs://host:port (TLS)',
  )
  .optional();

const restAddress = z
  .string()
  .trim()
  .regex(
    /^https?:\/\/[^\s:/]+(:\d{1,5})?(\/[^\s]*)?$/,
    'must look like http://host:port (the SDK appends /v2)',
  )
  .transform((value) => value.replace(/\/+$/, '').replace(/\/v2$/, ''))
  .optional();

export const productParts = ['api', 'workers'] as const;
export type ProductPart = (typeof productParts)[number];

const partList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.enum(productParts, { error: `must list parts among ${productParts.join(', ')}` }))
      .min(1, `must list parts among ${productParts.join(', ')}`),
  )
  .default([...productParts]);

export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

const environmentSchema = z.object({
  PORT: port(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATABASE_URL: postgresUrl,
  DATA_DIR: z.string().trim().min(1).default('.data'),
  EMBEDDED_PG_PORT: port(54329),
  ZEEBE_GRPC_PORT: port(26500),
  ZEEBE_GRPC_ADDRESS: grpcAddress,
  ZEEBE_REST_PORT: port(8088),
  ZEEBE_REST_ADDRESS: restAddress,
  PARTS: partList,
  ENGINE_CLOCK_CONTROL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false'], { error: 'must be true or false' }))
    .transform((value) => value === 'true')
    .default(false),
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }))
    .default('info'),
  DEMO_SEED: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false'], { error: 'must be true or false' }))
    .transform((value) => value === 'true')
    .default(true),
});

/** What the rest of the product sees: typed, defaulted and with derived choices spelled out. */
export interface Config {
  http: { port: number; host: string };
  database: { mode: 'external'; url: string } | { mode: 'embedded'; dataDir: string; port: number };
  engine:
    | {
        mode: 'external';
        address: string;
        /**
         * The cluster's Camunda 8.8+ REST API, which the API reads process instances from; unset
         * for Zeebe 8.5, which has none (the instance monitor then answers 503).
         */
        restAddress?: string;
      }
    | {
        mode: 'embedded';
        grpcPort: number;
        /** Loopback port of the engine's read-only monitoring REST API. */
        restPort: number;
        /** Whether /v2/clock may pin and move the engine's clock (tests and simulations only). */
        clockControl: boolean;
      };
  /** Which parts this process runs: all of them on one PC, one per container when scaled out. */
  parts: ReadonlySet<ProductPart>;
  logLevel: LogLevel;
  /** Whether an empty database gets the small demo data set and demo logins at start-up. */
  demoSeed: boolean;
}

/** Thrown when the environment holds a value the product cannot run with. */
export class ConfigError extends Error {
  constructor(readonly problems: ReadonlyArray<{ variable: string; message: string }>) {
    super(
      'Invalid configuration: ' +
        problems.map((p) => `${p.variable} ${p.message}`).join('; ') +
        '. Fix the environment variable(s) and start again.',
    );
    this.name = 'ConfigError';
  }
}

/**
 * Reads the configuration from `env` (the process environment by default).
 * Relative paths are resolved against `cwd` so the data directory does not move with the caller.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): Config {
  const parsed = environmentSchema.safeParse(pickKnown(env));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment');
        const got = env[variable];
        const reason = issue.message.startsWith('must')
          ? issue.message
          : `is invalid: ${issue.message}`;
        return {
          variable,
          message: got === undefined ? reason : `${reason} (got ${JSON.stringify(got)})`,
        };
      }),
    );
  }
  const e = parsed.data;
  return {
    http: { port: e.PORT, host: e.HOST },
    database: e.DATABASE_URL
      ? { mode: 'external', url: e.DATABASE_URL }
      : {
          mode: 'embedded',
          dataDir: path.resolve(cwd, e.DATA_DIR, 'pg'),
          port: e.EMBEDDED_PG_PORT,
        },
    engine: e.ZEEBE_GRPC_ADDRESS
      ? {
          mode: 'external',
          address: e.ZEEBE_GRPC_ADDRESS,
          ...(e.ZEEBE_REST_ADDRESS ? { restAddress: e.ZEEBE_REST_ADDRESS } : {}),
        }
      : {
          mode: 'embedded',
          grpcPort: e.ZEEBE_GRPC_PORT,
          restPort: e.ZEEBE_REST_PORT,
          clockControl: e.ENGINE_CLOCK_CONTROL,
        },
    parts: new Set(e.PARTS),
    logLevel: e.LOG_LEVEL,
    demoSeed: e.DEMO_SEED,
  };
}

// Empty strings count as unset, as `FOO= npm start` means "no value" to most operators.
function pickKnown(env: Record<string, string | undefined>): Record<string, string> {
  const known: Record<string, string> = {};
  for (const key of Object.keys(environmentSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') known[key] = value;
  }
  return known;
}

/**
 * For the command-line entry points (`npm start`, `npm run seed`): the configuration, or — when the
 * environment holds a bad value — the one-line message on stderr, exit code 78 (EX_CONFIG) and
 * undefined.
 */
export function loadConfigOrReport(): Config | undefined {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 78; // EX_CONFIG
    return undefined;
  }
}
