import { test, expect } from '@playwright/test';
import path from 'node:path';
import { ConfigError, parseSettings } from '../../harness/config/config-file.ts';
import { renderStarter } from '../../harness/config/starter.ts';
import { parseRunArgs, UsageError } from '../../harness/cli/args.ts';
import { SUITE_IDS } from '../../harness/config/run-config.ts';

/** The settings file: what it may hold, what it refuses in one line, and how flags override it. */
const FILE = '/work/project/channel-conformance.config.json';
const SECRET = 'sekrit-7f3a91b2';

const REFUSED: Array<{ name: string; raw: unknown; says: string }> = [
  { name: 'a token', raw: { token: SECRET }, says: '"token" is refused: a token does not belong in a file that is committed; set CHANNEL_CONFORMANCE_TOKEN' },
  { name: 'a client token', raw: { 'client-token': SECRET }, says: '"client-token" is refused' },
  { name: 'a token in camel case', raw: { clientToken: SECRET }, says: '"clientToken" is refused' },
  { name: 'the environment variable as a key', raw: { CHANNEL_CONFORMANCE_TOKEN: SECRET }, says: '"CHANNEL_CONFORMANCE_TOKEN" is refused' },
  { name: 'an API key', raw: { api_key: SECRET }, says: '"api_key" is refused' },
  { name: 'a password', raw: { password: SECRET }, says: '"password" is refused' },
  {
    name: 'credentials in the target URL',
    raw: { target: `https://bot:${SECRET}@chat.example.com` },
    says: '"target" carries a user name or password in the URL',
  },
  { name: 'credentials in the driver URL', raw: { driver: `https://${SECRET}@chat.example.com/driver` }, says: '"driver" carries a user name or password' },
  { name: 'an unknown key', raw: { grep: 'sendText' }, says: 'unknown key "grep" (known: suites, target,' },
  { name: 'a number as text', raw: { timeout: '5000' }, says: '"timeout" must be a whole number' },
  { name: 'strict as text', raw: { strict: 'yes' }, says: '"strict" must be true or false' },
  { name: 'suites that are not names', raw: { suites: [1, 2] }, says: '"suites" must be a list of suite names' },
  { name: 'a list instead of an object', raw: ['operator-api'], says: 'must hold one object of settings' },
];

for (const c of REFUSED) {
  test(`config file: ${c.name} is refused in one line, never repeating the value`, () => {
    let error: Error | undefined;
    try {
      parseSettings(c.raw, FILE);
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.message).toContain('channel-conformance.config.json');
    expect(error!.message).toContain(c.says);
    expect(error!.message).not.toContain(SECRET);
    expect(error!.message).not.toContain('\n');
  });
}

test('config file: comments ("//" keys) and nulls are skipped; paths are taken from the file\'s folder', () => {
  const s = parseSettings(
    { '//': 'why', '// target': 'doc', target: null, report: 'out/cc', expect: '../baseline.json', timeout: 9000, strict: true, suites: 'chat-api' },
    FILE,
  );
  expect(s.values).toEqual({ report: path.resolve('/work/project/out/cc'), expect: path.resolve('/work/baseline.json'), timeout: '9000', strict: true });
  expect(s.suites).toEqual(['chat-api']);
});

const TABLE: Array<{ name: string; file: Record<string, unknown>; argv: string[]; expect: Record<string, unknown> }> = [
  {
    name: 'the file alone',
    file: { target: 'http://127.0.0.1:9', timeout: 9000, suites: ['operator-api'], strict: true },
    argv: [],
    expect: { target: 'http://127.0.0.1:9', timeoutMs: 9000, suites: ['operator-api'], strict: true, suitesNamed: true },
  },
  { name: 'a flag over the file', file: { timeout: 9000, profile: 'tovie' }, argv: ['--timeout', '100'], expect: { timeoutMs: 100, profile: 'tovie' } },
  { name: "suites named on the command line over the file's", file: { suites: ['operator-api'] }, argv: ['omnichannel'], expect: { suites: ['omnichannel'] } },
  {
    name: 'no suites anywhere: the three of the public interface',
    file: {},
    argv: [],
    expect: { suites: ['operator-api', 'chat-api', 'omnichannel'], suitesNamed: false },
  },
  { name: 'the report folder from the file', file: { report: 'reports' }, argv: [], expect: { reportDir: path.resolve('/work/project/reports') } },
  { name: 'the report folder from a flag', file: { report: 'reports' }, argv: ['--report', 'elsewhere'], expect: { reportDir: 'elsewhere' } },
];

for (const c of TABLE) {
  test(`settings: ${c.name}`, () => {
    const args = parseRunArgs(c.argv, {}, parseSettings(c.file, FILE));
    expect(args).toMatchObject(c.expect);
    expect(args.configFile).toBe(FILE);
  });
}

test('settings: a bad value is named where it was written, the file or the flag', () => {
  expect(() => parseRunArgs([], {}, parseSettings({ timeout: 0 }, FILE))).toThrow(
    new UsageError('"timeout" of channel-conformance.config.json must be between 1 and 600000'),
  );
  expect(() => parseRunArgs(['--timeout', '0'], {}, parseSettings({ timeout: 10 }, FILE))).toThrow(new UsageError('--timeout must be between 1 and 600000'));
  expect(() => parseRunArgs([], {}, parseSettings({ profile: 'acme' }, FILE))).toThrow(/^"profile" of channel-conformance.config.json must be one of/);
});

test('settings: the token still comes from the environment when the target is in the file', () => {
  const file = parseSettings({ suites: ['chat-api'], target: 'http://127.0.0.1:9' }, FILE);
  expect(() => parseRunArgs([], {}, file)).toThrow(/chat-api needs --token \(or CHANNEL_CONFORMANCE_TOKEN\)/);
  expect(parseRunArgs([], { CHANNEL_CONFORMANCE_TOKEN: SECRET }, file).token).toBe(SECRET);
});

for (const suite of SUITE_IDS) {
  test(`init's starter for ${suite} is JSON that loads back, comments every setting, and runs the demo as it is`, () => {
    const raw = JSON.parse(renderStarter([suite])) as Record<string, unknown>;
    const settings = parseSettings(raw, FILE);
    expect(settings.suites).toEqual([suite]);
    for (const key of Object.keys(raw).filter((k) => !k.startsWith('//') && !['suites', 'receiver-port'].includes(k))) {
      expect(Object.keys(raw), `a comment above ${key}`).toContain(`// ${key}`);
    }
    const args = parseRunArgs([], {}, settings);
    expect(args).toMatchObject({ suites: [suite], target: undefined, driver: undefined, strict: false, timeoutMs: 5000 });
    expect(Object.keys(raw).some((k) => /token/i.test(k) && !k.startsWith('//'))).toBe(false);
  });
}
