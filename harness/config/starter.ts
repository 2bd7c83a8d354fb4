/**
 * The commented starter file that `init` writes. JSON has no comments, and "JSON with comments" is not
 * JSON: jq, a vendor's Java or Go CI tooling, or an editor's JSON mode would refuse it. So the file is
 * plain JSON and a comment is a key starting with "//", placed just above the setting it explains
 * ("// target" above "target"); the loader skips those keys. JSON rather than .mjs because most of the
 * people who write this file build their servers in other languages, and a settings file that is data
 * runs no code when it is read (a .mjs file is still accepted for those who want to compute a value).
 *
 * Every setting is present: null means "not set", so the file shows what can be set and, left as it is,
 * runs the demo against the bundled reference.
 * @module
 */

import type { SuiteId } from './run-config.ts';

const TARGET: Record<SuiteId, string> = {
  'operator-api': 'your {apiUrl}, e.g. https://chat.example.com/operator',
  'chat-api': 'the base under which /chatapi/{token} lives (it may end in a path such as /chatadapter), e.g. https://bot.example.com/chatadapter',
  omnichannel: 'the platform address under which /connector/... lives, e.g. https://platform.example.com',
  'operator-api-platform': 'your chatbot platform, see suites/operator-api-platform/README.md',
  'omnichannel-client': 'your client channel server, see suites/omnichannel-client/README.md',
};

const TOKENS: Partial<Record<SuiteId, string>> = {
  'chat-api': 'chat-api needs the channel token in CHANNEL_CONFORMANCE_TOKEN.',
  omnichannel: 'omnichannel needs CHANNEL_CONFORMANCE_TOKEN, and CHANNEL_CONFORMANCE_CLIENT_TOKEN if your channel webhook checks a token.',
};

export function renderStarter(suites: SuiteId[]): string {
  const tokens = suites.map((s) => TOKENS[s]).filter(Boolean);
  const entries: Array<[string, unknown]> = [
    [
      '//',
      `channel-conformance settings, read by "npx channel-conformance run" from the working folder (or --config FILE). ` +
        `A flag on the command line overrides a setting here. Keys starting with // are comments; null means not set. ` +
        `Tokens never go in this file: set them in the environment (your CI's secret store).${tokens.length ? ` ${tokens.join(' ')}` : ''}`,
    ],
    ['suites', suites],
    [
      '// target',
      `Base URL of your server: ${suites.map((s) => (suites.length > 1 ? `${s}: ${TARGET[s]}` : TARGET[s])).join('; ')}. null: the bundled reference implementation (the demo).`,
    ],
    ['target', null],
    [
      '// driver',
      'Base URL of your driver endpoints (README, "The driver protocol"), or "manual" to be asked at the terminal. null: checks that need a driver are skipped, never passed.',
    ],
    ['driver', null],
  ];
  if (suites.includes('operator-api')) {
    entries.push(['// profile', 'operator-api: the platform whose document is cited, aimylogic, tovie or jaicp.'], ['profile', 'jaicp']);
  }
  entries.push(
    ['// strict', 'true: SHOULD-level checks gate the exit code too.'],
    ['strict', false],
    ['// timeout', 'Milliseconds to wait for each awaited delivery (webhook event, send_message); each HTTP request is bounded by it too.'],
    ['timeout', 5000],
    ['// report', 'Folder of index.html, results.json, junit.xml and summary.md, relative to this file.'],
    ['report', 'conformance-report'],
    ['// expect', 'A baseline of known failures, relative to this file: {"expectedFailures": {"<check id>": "<why>"}}. null: none.'],
    ['expect', null],
    ['// receiver-url', "The public URL at which your server reaches the suite's fake receiver (a tunnel). null: http://127.0.0.1 on a free port."],
    ['receiver-url', null],
    ['receiver-port', null],
  );
  return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
}
