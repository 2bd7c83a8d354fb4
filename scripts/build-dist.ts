/**
 * `npm run build` (and `prepack`, so `npm pack` and `npm publish` always ship fresh JavaScript): emits
 * harness/, reference/, suites/ and fixtures/ to dist/ with tsconfig.build.json, and copies what the code
 * reads at run time beside it (specs/, and the report pages' scripts and styles). The published package
 * runs from dist/ because neither Node nor Playwright compiles TypeScript under node_modules
 * (bin/channel-conformance.mjs).
 *
 * Type errors do not stop the build: the type check is `npm run typecheck`'s job, and a suite file being
 * reworked must not keep the rest of the package from being packed. They are counted on one line. What
 * does stop it: a source without its emitted file, or the CLI's entry missing.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = path.join(root, 'dist');
const SOURCES = ['harness', 'reference', 'suites', 'fixtures'];
/** Read at run time relative to the code (harness/validation/spec-loader.ts: ../../specs/). */
const ASSETS = ['specs'];
/**
 * Read at run time relative to the code and inlined into the report pages (harness/report/page/inline.ts):
 * the .js and .css files as written. tsc (allowJs) also emits the .js files there; the copy replaces them
 * with the sources, so the published pages run the very script the browser test ran.
 */
const PAGE_ASSETS = 'harness/report/page';

rmSync(dist, { recursive: true, force: true });
const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
const errors = (r.stdout + r.stderr).split('\n').filter((l) => /^\S+\(\d+,\d+\): error /.test(l));
if (errors.length) {
  const files = [...new Set(errors.map((l) => l.split('(')[0]))];
  process.stderr.write(
    `build: ${errors.length} type errors in ${files.length} files, emitted anyway (npm run typecheck lists them): ${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}\n`,
  );
}
if (r.status !== 0 && errors.length === 0) fail(`tsc failed: ${(r.stdout + r.stderr).trim().split('\n')[0]}`);

for (const a of ASSETS) cpSync(path.join(root, a), path.join(dist, a), { recursive: true });
const pageAssets = files(path.join(root, PAGE_ASSETS)).filter((f) => /\.(js|css)$/.test(f));
if (!pageAssets.length) fail(`no page scripts or styles in ${PAGE_ASSETS}`);
for (const f of pageAssets) cpSync(f, path.join(dist, path.relative(root, f)));

const missing = SOURCES.flatMap((d) => files(path.join(root, d)))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => path.join(dist, path.relative(root, f)).replace(/\.ts$/, '.js'))
  .filter((f) => !existsSync(f));
if (missing.length)
  fail(
    `not emitted: ${missing
      .slice(0, 5)
      .map((f) => path.relative(root, f))
      .join(', ')}`,
  );
if (!existsSync(path.join(dist, 'harness/cli/main.js'))) fail('dist/harness/cli/main.js was not emitted');

const all = files(dist);
const kb = all.reduce((a, f) => a + statSync(f).size, 0) / 1024;
process.stdout.write(`build: dist/ holds ${all.length} files, ${kb.toFixed(0)} KB\n`);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function fail(msg: string): never {
  process.stderr.write(`build: ${msg}\n`);
  process.exit(1);
}
