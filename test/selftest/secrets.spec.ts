import { test, expect } from '@playwright/test';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SUITE_IDS, type SuiteId } from '../../harness/config/run-config.ts';
import { startReference } from '../../reference/index.ts';
import { cleanup, outcome, ROOT, runCli, type CliRun } from './cli.ts';
import { SMOKE } from './tiers.ts';

/**
 * Secrets (issue 6, part 3; interface.md: "Secrets never appear in any report file, in clear or in
 * part"). Every suite runs with distinctive --token and --client-token values; stdout, stderr and
 * every file of the report folder are scanned for each secret whole and for every 8-character
 * fragment of it. The {apiKey} of the Operator API webhook URL (made up per run, so unknown from
 * outside) may appear only as its placeholder, and an Authorization header value only redacted.
 */

// Distinctive: no hex, no dictionary words, so that no fragment can occur by chance.
const TOKEN = 'tok-ZQX7-WvLm-PkRt-YhNs-GdJb-QwXz-TfMc';
const CLIENT_TOKEN = 'ctk-HJWK-RsVn-XbLp-MqTz-KfYd-NwGc-ZpRj';
const FRAGMENT = 8;

/** Every suite that exists in this checkout (a folder of checks under suites/). */
function existingSuites(): SuiteId[] {
  return SUITE_IDS.filter((s) => {
    const dir = path.join(ROOT, 'suites', s);
    return existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.spec.ts'));
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Undo the escapes a report may wrap text in (JSON \u escapes in the HTML's data, HTML entities). */
function normalise(text: string): string {
  return text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#x2F;|&#47;/gi, '/')
    .replace(/&amp;/g, '&');
}

/** Places where a secret shows, whole or as any FRAGMENT-character piece, in the text. */
function secretHits(name: string, text: string, secrets: string[]): string[] {
  const hits: string[] = [];
  for (const secret of secrets) {
    for (let i = 0; i + FRAGMENT <= secret.length; i++) {
      const piece = secret.slice(i, i + FRAGMENT);
      const at = text.indexOf(piece);
      if (at >= 0) {
        hits.push(`${name}: "${piece}" of a secret at ${at}: …${text.slice(Math.max(0, at - 60), at + 60)}…`);
        break;
      }
    }
  }
  return hits;
}

/**
 * Operator API webhook paths: the {apiKey} segment only as a placeholder ($API_KEY, $API_KEY_SECOND…),
 * the documented template, or the made-up wrong key of the check that an unknown apiKey is refused
 * (operator-api-platform: `unknown-key-<8 hex>`, a fresh id that is no one's secret).
 */
function apiKeyHits(name: string, text: string): string[] {
  const hits: string[] = [];
  // A segment ends where a URL path would: at white space, quotes, a query, or prose punctuation (a
  // title that spells the form out, "…/operatorapi/{apiKey}, the form the pages give").
  for (const m of text.matchAll(/operatorapi\/([^\s"'\\?#&<>),;]*)/g)) {
    if (!/^(\$API_KEY[A-Z0-9_]*|\{apiKey\}|unknown-key-[0-9a-f]{8})$/.test(m[1])) {
      hits.push(`${name}: webhook path segment "${m[1]}" in …${text.slice(Math.max(0, m.index - 300), m.index + 80)}…`);
    }
  }
  return hits;
}

/**
 * Authorization header values, wherever a report shows headers (a JSON header map, a curl -H option,
 * a header line): only redacted forms (`Token <redacted>`), placeholders or the documented template.
 */
const HEADER_FORMS = [/"authorization"\s*:\s*"([^"]*)"/gi, /-H\s+'authorization:\s*([^']*)'/gi, /^\s*authorization:\s*(.*)$/gim];

function authorizationHits(name: string, text: string): string[] {
  const hits: string[] = [];
  for (const m of HEADER_FORMS.flatMap((re) => [...text.matchAll(re)])) {
    const value = m[1].trim();
    if (!/^([A-Za-z][\w-]* )?(<redacted>|\{token\}|\$[A-Z][A-Z0-9_]*)$/.test(value)) hits.push(`${name}: Authorization value "${value}"`);
  }
  return hits;
}

function scan(r: CliRun, secrets: string[]): { hits: string[]; scanned: string[] } {
  const texts: Array<[string, string]> = [
    ['stdout', r.stdout],
    ['stderr', r.stderr],
    ...filesUnder(r.reportDir).map((f): [string, string] => [path.relative(r.reportDir, f), readFileSync(f, 'utf8')]),
  ];
  return { hits: scanTexts(texts, secrets), scanned: texts.map(([n]) => n) };
}

function scanTexts(texts: Array<[string, string]>, secrets: string[]): string[] {
  const hits: string[] = [];
  for (const [name, raw] of texts) {
    const text = normalise(raw);
    hits.push(...secretHits(name, raw, secrets), ...secretHits(name, text, secrets), ...apiKeyHits(name, text), ...authorizationHits(name, text));
  }
  return [...new Set(hits)];
}

test('the scanner finds what it looks for (so that zero hits means something)', SMOKE, () => {
  const hits = (text: string) => scanTexts([['out', text]], [TOKEN]);
  expect(hits(`url /chatapi/${TOKEN.slice(5, 13)}`)).toHaveLength(1);
  expect(
    hits(
      `"body":"${TOKEN.slice(-8)
        .split('')
        .map((c) => `\\u00${c.charCodeAt(0).toString(16)}`)
        .join('')}"`,
    ),
  ).toHaveLength(1);
  expect(hits('"url":"http://x/chatadapter/chatapi/webhook/operatorapi/0123456789abcdef0123456789abcdef"')).toHaveLength(1);
  expect(hits('"authorization":"Token abc123"')).toHaveLength(1);
  expect(hits("-H 'authorization: Bearer abc123'")).toHaveLength(1);
  expect(hits('authorization: Basic dXNlcg==')).toHaveLength(1);
  expect(hits('"authorization":"Token \\u003credacted>" operatorapi/$API_KEY_SECOND Authorization: Token {token}')).toEqual([]);
  expect(hits('"title": "send_message with a wrong token in Authorization: Token is refused with 4xx"')).toEqual([]);
});

test('no secret leaks from a run of every suite against the bundled references', async () => {
  test.setTimeout(180_000);
  const suites = existingSuites();
  expect(suites).toContain('operator-api');
  const r = await runCli(['run', ...suites, '--token', TOKEN, '--client-token', CLIENT_TOKEN], { timeoutMs: 150_000 });
  expect(r.code, outcome(r)).toBe(0);
  expect([...new Set(r.results!.checks.map((c) => c.suite))].sort()).toEqual([...suites].sort());
  const { hits, scanned } = scan(r, [TOKEN, CLIENT_TOKEN]);
  expect(scanned).toEqual(expect.arrayContaining(['stdout', 'stderr', 'results.json', 'junit.xml', 'index.html']));
  expect(hits).toEqual([]);
  // The secrets were used (not merely absent): the placeholders stand where they were.
  const results = readFileSync(path.join(r.reportDir, 'results.json'), 'utf8');
  if (suites.includes('chat-api') || suites.includes('omnichannel')) expect(results).toContain('$TOKEN');
  if (suites.includes('omnichannel')) expect(results).toContain('Token <redacted>');
  expect(results).toContain('operatorapi/$API_KEY');
  cleanup(r);
});

test('no secret leaks when the secrets come from the environment and the target is given', async () => {
  test.setTimeout(180_000);
  const suites = existingSuites().filter((s): s is 'operator-api' | 'chat-api' | 'omnichannel' => ['operator-api', 'chat-api', 'omnichannel'].includes(s));
  const runs = await Promise.all(
    suites.map(async (suite) => {
      const ref = await startReference(suite, { token: TOKEN, clientToken: CLIENT_TOKEN });
      // The references honour the secrets they are given (the CLI starts them so without --target).
      if (suite !== 'operator-api') expect(ref.token).toBe(TOKEN);
      if (suite === 'omnichannel') expect(ref.clientToken).toBe(CLIENT_TOKEN);
      try {
        return await runCli(['run', suite, '--target', ref.target, '--driver', ref.driver], {
          env: { CHANNEL_CONFORMANCE_TOKEN: TOKEN, CHANNEL_CONFORMANCE_CLIENT_TOKEN: CLIENT_TOKEN },
          timeoutMs: 150_000,
        });
      } finally {
        await ref.close();
      }
    }),
  );
  for (const r of runs) {
    expect(r.code, outcome(r)).toBe(0);
    expect(r.results!.summary.skipped, outcome(r)).toBe(0);
    expect(scan(r, [TOKEN, CLIENT_TOKEN]).hits).toEqual([]);
    cleanup(r);
  }
});
