// Plain JavaScript files the compiled product loads at run time (tsc copies only what it compiles).
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const files = ['api/src/features/processes/lint-worker.mjs'];

for (const file of files) {
  const target = path.join('dist', file);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(file, target);
}
