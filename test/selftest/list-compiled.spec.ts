import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from './cli.ts';

/**
 * `channel-conformance list` from compiled JavaScript, as the published package runs it (dist/, where
 * scripts/ and the .ts sources do not exist): the sources are compiled with tsconfig.build.json into a
 * folder of .tmp/ (inside the clone, so that node_modules resolves as it does under an installed
 * package), and the compiled CLI lists the checks. The whole pack-and-install path is package.spec.ts's.
 */
test.setTimeout(5 * 60_000);

test('list works from the compiled JavaScript of the package layout', () => {
  const out = path.join(ROOT, '.tmp', `list-compiled-${process.pid}`);
  try {
    const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
    spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', out, '--pretty', 'false'], { cwd: ROOT, encoding: 'utf8' });
    const main = path.join(out, 'harness/cli/main.js');
    expect(existsSync(main)).toBe(true);
    expect(existsSync(path.join(out, 'harness/cli/list.js'))).toBe(true);
    cpSync(path.join(ROOT, 'specs'), path.join(out, 'specs'), { recursive: true });
    const r = spawnSync(process.execPath, [main, 'list', 'omnichannel'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^omnichannel: \d+ checks \(\d+ MUST, \d+ SHOULD\)\n {2}omnichannel\.\S+ +(MUST|SHOULD) {2,}\S/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
