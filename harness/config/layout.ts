/**
 * Where the code runs from. A clone runs the TypeScript sources (tsx, Playwright's loader); the
 * published package runs the JavaScript that `npm run build` emitted to dist/, because neither Node nor
 * Playwright compiles TypeScript under node_modules. The folder layout is the same in both, so a path
 * relative to this file works in both; only the extension of a module that is named as a string
 * (the Playwright config, the reporter, the test files) differs, and that is what this file decides.
 * @module
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);

/** '.ts' from source, '.js' from dist/. */
export const CODE_EXT = path.extname(here);

/** The folder holding harness/, reference/, suites/, fixtures/ and specs/: the clone, or dist/ in the package. */
export const CODE_ROOT = path.resolve(path.dirname(here), '../..');

/** The folder holding package.json: the clone, or the installed package (dist/'s parent). */
export const PACKAGE_ROOT = existsSync(path.join(CODE_ROOT, 'package.json')) ? CODE_ROOT : path.dirname(CODE_ROOT);

/** Absolute path of a module named without its extension: `codePath('harness/report/conformance-reporter')`. */
export function codePath(modulePath: string): string {
  return path.join(CODE_ROOT, `${modulePath}${CODE_EXT}`);
}
