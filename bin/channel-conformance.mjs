#!/usr/bin/env node
// Two ways to start, chosen by what this copy holds (harness/config/layout.ts says the same):
// - a clone has the TypeScript sources: tsx compiles them on the fly, so there is no build step between
//   an edit and a run;
// - the published package has no sources, only the JavaScript that `npm run build` emitted to dist/ when
//   it was packed: Node and Playwright never compile TypeScript under node_modules, and compiled code
//   reaches the first check sooner (README, figures in the closing note of issue 13).
// Sources win when both exist, so a dist/ left over from packing never runs instead of the code you edit.
import { existsSync } from 'node:fs';

const source = new URL('../harness/cli/main.ts', import.meta.url);
const compiled = new URL('../dist/harness/cli/main.js', import.meta.url);

if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  process.stderr.write('channel-conformance: this copy holds neither its sources nor dist/ (was it packed with --ignore-scripts?)\n');
  process.exitCode = 2;
}
