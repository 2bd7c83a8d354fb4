import { test, expect } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { parseRunArgs } from '../../harness/cli/args.ts';

/**
 * The CI examples vendors copy: they parse, the action's step uses only inputs action.yml declares and
 * never a token input, and every `channel-conformance run` line they hold is one the CLI accepts.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = path.join(ROOT, 'examples');
const files = readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f));
const action = YAML.parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };

type Step = { uses?: string; with?: Record<string, unknown>; env?: Record<string, string>; run?: string };

function steps(doc: unknown): Step[] {
  const out: Step[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      if ('uses' in x || 'run' in x) out.push(x as Step);
      Object.values(x).forEach(walk);
    }
  };
  walk(doc);
  return out;
}

/** Every string in the file that runs the CLI: a `run:` step or a GitLab script line. */
function commands(doc: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown) => {
    if (typeof x === 'string' && /channel-conformance(@\S+)? run\b/.test(x)) out.push(x);
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') Object.values(x).forEach(walk);
  };
  walk(doc);
  return out;
}

test('there are examples for the action, the npm package and another CI', () => {
  expect(files).toEqual(expect.arrayContaining(['github-actions.yml', 'github-actions-npm.yml', 'gitlab-ci.yml']));
});

for (const f of files) {
  test(`examples/${f}: runs channel-conformance as the CLI and the action accept it`, () => {
    const doc = YAML.parse(readFileSync(path.join(EXAMPLES, f), 'utf8'));
    const uses = steps(doc).filter((s) => s.uses?.includes('/channel-conformance@'));
    for (const s of uses) {
      for (const k of Object.keys(s.with ?? {})) expect(Object.keys(action.inputs), `input ${k}`).toContain(k);
      expect(
        Object.keys(s.with ?? {}).filter((k) => /token|secret/i.test(k)),
        'no token input',
      ).toEqual([]);
    }
    const lines = commands(doc);
    expect(uses.length + lines.length, 'the example runs the suite').toBeGreaterThan(0);
    for (const line of lines) {
      expect(line, 'the package, not a clone').not.toMatch(/git clone|node \S+\/bin\//);
      const argv = line.replace(/\s+/g, ' ').trim().split(' ');
      const at = argv.findIndex((a) => /^channel-conformance(@\S+)?$/.test(a));
      expect(() => parseRunArgs(argv.slice(at + 2), { CHANNEL_CONFORMANCE_TOKEN: 'x' }), line).not.toThrow();
    }
  });
}
