import { parseArgs } from 'node:util';
import { SUITE_IDS, type SuiteId } from '../config/run-config.ts';
import { startReference } from '../../reference/index.ts';
import { UsageError } from './args.ts';

/**
 * `channel-conformance serve SUITE`: a bundled reference implementation alone, as a local simulator
 * for integrators (a mobile-app developer against the Chat API, a chatbot platform against an
 * engagement platform). Logs one line per exchange; stops cleanly on Ctrl-C.
 */
const DRIVER_ENDPOINTS: Partial<Record<SuiteId, string[]>> = {
  'operator-api': ['POST operator/agent-text', 'POST operator/agent-file', 'POST operator/agent-close', 'POST operator/agent-transfer', 'GET operator/chat?userId=ID'],
  'chat-api': ['POST chat/webhook', 'POST chat/agent-text'],
  omnichannel: ['POST omnichannel/channel', 'GET omnichannel/inbox?chat_id=ID'],
  'operator-api-platform': ['POST platform/operator-channel', 'POST platform/transfer', 'POST platform/client-file', 'POST platform/client-close', 'POST chat/webhook', 'POST chat/agent-text'],
  'omnichannel-client': ['POST client/platform', 'POST client/visitor-message', 'GET client/visitor-inbox?chat_id=ID'],
};

export async function serveCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { port: { type: 'string' }, host: { type: 'string' }, token: { type: 'string' }, 'client-token': { type: 'string' } },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const [suite] = parsed.positionals;
  if (!suite || !(SUITE_IDS as readonly string[]).includes(suite)) throw new UsageError(`serve needs one suite: ${SUITE_IDS.join(', ')}`);
  const port = parsed.values.port === undefined ? 0 : Number(parsed.values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  const userToken = parsed.values.token ?? process.env.CHANNEL_CONFORMANCE_TOKEN;
  const ref = await startReference(suite as SuiteId, {
    host: parsed.values.host ?? '127.0.0.1',
    port,
    token: userToken,
    clientToken: parsed.values['client-token'] ?? process.env.CHANNEL_CONFORMANCE_CLIENT_TOKEN,
    log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  });
  const out = [`${suite} reference implementation listening`, `  base URL (--target): ${ref.target}`];
  if (ref.token) out.push(`  channel token:       ${userToken ? '(the token you gave)' : ref.token}`);
  const userClientToken = parsed.values['client-token'] ?? process.env.CHANNEL_CONFORMANCE_CLIENT_TOKEN;
  if (ref.clientToken) out.push(`  client token:        ${userClientToken ? '(the client token you gave)' : ref.clientToken}`);
  if (suite === 'chat-api' && ref.token) out.push(`  try: curl -s -X POST ${ref.target}/chatapi/${userToken ? '$TOKEN' : ref.token} -H 'content-type: application/json' -d '{"clientId":"me","query":"hello"}'`);
  out.push(`  driver (--driver):   ${ref.driver}`);
  for (const e of DRIVER_ENDPOINTS[suite as SuiteId] ?? []) out.push(`    ${e}`);
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
