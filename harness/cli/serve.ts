/**
 * `channel-conformance serve SUITE`: a bundled reference implementation alone, as a local simulator
 * for integrators (a mobile-app developer against the Chat API, a chatbot platform against an
 * engagement platform). Logs one line per exchange; stops cleanly on Ctrl-C.
 * @module
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SUITE_IDS, type SuiteId } from '../config/run-config.ts';
import { startReference } from '../../reference/index.ts';
import type { BotScript } from '../../reference/types.ts';
import { parseOptions, UsageError } from './args.ts';
import { CannotRun } from './run.ts';
import { endpointsOf, signature } from '../driver/protocol.ts';

/** The driver endpoints the suite's reference serves (harness/driver/protocol.ts), as `serve` lists them. */
export function driverEndpointLines(suite: SuiteId): string[] {
  return endpointsOf(suite).map(signature);
}

/**
 * The suites whose documents show a path prefix before the API's own paths, and so take --base-path:
 * the Chat API page's `…/chatadapter/chatapi/{token}` (chat-api), and the chatbot platform of
 * operator-api-platform, whose Chat API and Operator API webhook (`…/chatadapter/chatapi/webhook/operatorapi/{apiKey}`)
 * live under the same prefix. The others have none to imitate: operator-api's `{apiUrl}` and
 * omnichannel-client's Channel webhook URL are whole URLs the user configures (the simulator's base URL
 * is one), and omnichannel's pages put `/connector/…` right at the platform's address.
 */
export const BASE_PATH_SUITES: readonly SuiteId[] = ['chat-api', 'operator-api-platform'];
const NO_BASE_PATH: Partial<Record<SuiteId, string>> = {
  'operator-api': "operator-api's {apiUrl} is the whole URL you configure: give the base URL printed by serve",
  omnichannel: "the Omnichannel pages put /connector/... at the platform's address, with no prefix",
  'omnichannel-client': 'the Channel webhook URL is the whole URL you configure: give the base URL printed by serve',
};

/** The suites whose simulator has a scriptable bot (--bot-script). */
const BOT_SCRIPT_SUITES: readonly SuiteId[] = ['chat-api'];

export const SERVE_HELP = `usage: channel-conformance serve SUITE [--port N] [--host HOST] [--base-path PATH] [--bot-script FILE] [--token T] [--client-token T]
Starts the bundled reference implementation of SUITE alone, as a local simulator of the other side,
logs one line per exchange and stops on Ctrl-C.
suites: ${SUITE_IDS.join(', ')}
options:
  --port N            port to listen on (default: a free one)
  --host HOST         interface to listen on (default 127.0.0.1)
  --base-path PATH    ${BASE_PATH_SUITES.join(', ')}: the path the API lives under, as in the documents' /chatadapter
                      (chat-api: POST {base URL}/chatadapter/chatapi/{token}); default: the root
  --bot-script FILE   chat-api: the bot's script, a JSON file of {"rules": [{"query"|"event", "replies": [...]}]}
                      (README, "Using the simulators"); default: a script that shows every reply type
  --token VALUE       the channel token to accept (or env CHANNEL_CONFORMANCE_TOKEN); default: a random one
  --client-token VALUE  omnichannel "Channel webhook: Token" (or env CHANNEL_CONFORMANCE_CLIENT_TOKEN)`;

/** "/chatadapter/" → "/chatadapter"; "/" → "". A path only: no query, fragment, dot segments or empty segments. */
export function normalizeBasePath(value: string): string {
  const p = value.replace(/\/+$/, '');
  if (p === '') {
    if (value.startsWith('/')) return '';
  }
  if (!p.startsWith('/')) throw new UsageError('--base-path must start with "/" (as in /chatadapter)');
  if (!/^(\/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+$/.test(p))
    throw new UsageError('--base-path must be a path of non-empty segments, such as /chatadapter (no query, fragment or spaces)');
  if (p.split('/').some((seg) => seg === '.' || seg === '..')) throw new UsageError('--base-path must not hold "." or ".." segments');
  if (p === '/__driver' || p.startsWith('/__driver/')) throw new UsageError('--base-path must not start with /__driver: the driver endpoints live there');
  return p;
}

/** Read and check a --bot-script file; one line on any problem, naming the rule that has it. */
async function loadBotScript(file: string): Promise<BotScript> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CannotRun(`the bot script ${file} ${err.code === 'ENOENT' ? 'does not exist' : `is not JSON (${err.message.split('\n')[0]})`}`);
  }
  const { parseBotScript, BotScriptError } = await import('../../reference/chat-api/bot-script.ts');
  try {
    return parseBotScript(raw);
  } catch (e) {
    if (e instanceof BotScriptError) throw new CannotRun(`the bot script ${path.basename(file)}: ${(e as Error).message}`);
    throw e;
  }
}

export async function serveCommand(argv: string[]): Promise<number> {
  const parsed = parseOptions(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    'client-token': { type: 'string' },
    'base-path': { type: 'string' },
    'bot-script': { type: 'string' },
  });
  const [suite, ...extra] = parsed.positionals;
  if (!suite || !(SUITE_IDS as readonly string[]).includes(suite) || extra.length) throw new UsageError(`serve needs one suite: ${SUITE_IDS.join(', ')}`);
  const id = suite as SuiteId;
  const portText = parsed.values.port;
  const port = portText === undefined ? 0 : /^-?\d+$/.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a whole number from 0 to 65535 (0: a free port)');
  let basePath: string | undefined;
  if (parsed.values['base-path'] !== undefined) {
    if (!BASE_PATH_SUITES.includes(id))
      throw new UsageError(`--base-path is for ${BASE_PATH_SUITES.join(' and ')}: ${NO_BASE_PATH[id] ?? 'its documents show no path prefix'}`);
    basePath = normalizeBasePath(parsed.values['base-path']);
  }
  let botScript: BotScript | undefined;
  const scriptFile = parsed.values['bot-script'];
  if (scriptFile !== undefined) {
    if (!BOT_SCRIPT_SUITES.includes(id)) throw new UsageError(`--bot-script is for ${BOT_SCRIPT_SUITES.join(', ')}: the ${id} simulator has no scriptable bot`);
    botScript = await loadBotScript(scriptFile);
  }
  const userToken = parsed.values.token ?? process.env.CHANNEL_CONFORMANCE_TOKEN;
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const ref = await startReference(id, {
    host: parsed.values.host ?? '127.0.0.1',
    port,
    token: userToken,
    clientToken: parsed.values['client-token'] ?? process.env.CHANNEL_CONFORMANCE_CLIENT_TOKEN,
    log,
    ...(basePath !== undefined ? { basePath } : {}),
    ...(botScript ? { botScript } : {}),
  });
  const out = [`${suite} reference implementation listening`, `  base URL (--target): ${ref.target}`];
  if (basePath) out.push(`  base path:           ${basePath} (clients build ${ref.target}${suite === 'chat-api' ? '/chatapi/{token}' : '/...'})`);
  if (ref.token) out.push(`  channel token:       ${userToken ? '(the token you gave)' : ref.token}`);
  const userClientToken = parsed.values['client-token'] ?? process.env.CHANNEL_CONFORMANCE_CLIENT_TOKEN;
  if (ref.clientToken) out.push(`  client token:        ${userClientToken ? '(the client token you gave)' : ref.clientToken}`);
  if (suite === 'chat-api') {
    out.push(
      `  bot script:          ${scriptFile ? `${scriptFile} (${botScript!.rules.length} rule${botScript!.rules.length === 1 ? '' : 's'})` : 'the default one: send "text", "buttons", "image", "file", "carousel" or "agent" to see each reply type'}`,
    );
  }
  if (suite === 'chat-api' && ref.token)
    out.push(
      `  try: curl -s -X POST ${ref.target}/chatapi/${userToken ? '$TOKEN' : ref.token} -H 'content-type: application/json' -d '{"clientId":"me","query":"hello"}'`,
    );
  out.push(`  driver (--driver):   ${ref.driver}`);
  for (const e of driverEndpointLines(id)) out.push(`    ${e}`);
  out.push('Ctrl-C stops it.');
  process.stdout.write(`${out.join('\n')}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await ref.close();
  process.stdout.write('stopped\n');
  return 0;
}
