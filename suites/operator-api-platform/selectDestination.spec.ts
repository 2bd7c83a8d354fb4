/**
 * selectDestination: when the bot transfers a client to an agent (driver: `POST platform/transfer`),
 * the platform creates the session on the engagement platform.
 */
import { check } from '../../fixtures/operator-api-platform.ts';
import { describe, ensure, ensureNoSchemaErrors } from '../../harness/checks/ensure.ts';
import { callOf, type Steps } from '../../fixtures/operator-api-platform.ts';
import type { Fresh } from '../../fixtures/conformance.ts';
import { precondition } from '../../harness/checks/precondition.ts';
import { bodyOf, preChatFields, requestTransfer, shown, startChat, transferredClient, requestSchemaErrors } from './helpers.ts';

const SECTION = 'POST /selectDestination';

check(
  {
    id: 'operator-api-platform.selectDestination.called-on-transfer',
    title: 'a transfer to an agent makes the platform POST {apiUrl}/selectDestination',
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
    quote: 'The method creates a session between the chatbot client and the selected agent.',
  },
  async ({ steps, fresh }) => {
    const clientId = fresh.id('client');
    await startChat(steps, clientId);
    const mark = await requestTransfer(steps, clientId);
    const d = await steps.deliveries.waitFor(
      callOf(steps.engagement.main, 'selectDestination', mark),
      `a selectDestination call for client ${clientId}'s transfer`,
    );
    ensure(d.method === 'POST', `selectDestination was called with ${d.method}, expected POST`, 'POST', d.method);
  },
);

check(
  {
    id: 'operator-api-platform.selectDestination.matches-schema',
    title: 'the selectDestination body has userId and destinationId strings and well-typed optional fields (null counts as absent)',
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
    quote: 'destinationId | string | Yes | Agent ID assigned by the agent application.',
    rule: 'op.selectDestination.shape',
  },
  async ({ steps, fresh, validators, coverage }) => {
    // One transfer with every pre-chat field the bot knows, one with none (the optional fields absent or null).
    const full = await transferredClient(steps, fresh.id('client'), {
      userName: 'Grace Hopper',
      attributes: { plan: 'gold', city: 'Arlington' },
      hiddenAttributes: { crmId: fresh.id('crm') },
    });
    const bare = await transferredClient(steps, fresh.id('client'));
    for (const [t, what] of [
      [full, 'with every pre-chat field'],
      [bare, 'without pre-chat fields'],
    ] as const) {
      ensureNoSchemaErrors(
        requestSchemaErrors(validators, steps.deliveries, coverage, t.selectDestination, 'selectDestination', 'SelectDestinationRequest'),
        `the selectDestination request body of a transfer ${what}`,
      );
    }
  },
);

check(
  {
    id: 'operator-api-platform.selectDestination.chosen-destination',
    title: 'selectDestination names the agent group the bot chose, one of those getDestinations lists',
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
    quote: 'The method creates a session between the chatbot client and the selected agent.',
  },
  async ({ steps, fresh }) => {
    // Not the first group: a platform that always names the first one must not pass by chance.
    const chosen = steps.engagement.destinations[2]!.destinationId;
    const t = await transferredClient(steps, fresh.id('client'), { destinationId: chosen });
    // A number made of the same digits is judged by selectDestination.matches-schema.
    ensure(
      String(t.body.destinationId) === chosen,
      `selectDestination names destinationId ${shown(t.body.destinationId)}, expected the chosen group ${describe(chosen)}`,
      chosen,
      t.body.destinationId,
    );
  },
);

check(
  {
    id: 'operator-api-platform.selectDestination.user-id-stable',
    title: 'a client transferred twice is given the same userId both times',
    level: 'SHOULD',
    doc: 'readings',
    section: 'op-platform-user-id-stable',
  },
  async ({ steps, fresh }) => {
    const clientId = fresh.id('client');
    const first = await transferredClient(steps, clientId);
    // The client ends the first dialog with the agent, talks to the bot, and is transferred again.
    await steps.driver.post('platform/client-close', { clientId, text: 'Thanks, bye' });
    await steps.chat.send(clientId, 'One more question');
    const mark = await requestTransfer(steps, clientId);
    const again = await steps.deliveries.waitFor(
      callOf(steps.engagement.main, 'selectDestination', mark, false),
      `the selectDestination of client ${clientId}'s second transfer`,
    );
    const userId = bodyOf(again).userId;
    ensure(
      userId === first.userId,
      `the second transfer of client ${clientId} has userId ${shown(userId)}, the first had ${describe(first.userId)}`,
      first.userId,
      userId,
    );
  },
);

check(
  {
    id: 'operator-api-platform.selectDestination.user-id-per-client',
    title: 'two clients are given different userIds',
    level: 'MUST',
    doc: 'operator',
    section: 'POST /sendText',
    quote: 'userId | string | Yes | Client ID.',
  },
  async ({ steps, fresh }) => {
    const a = await transferredClient(steps, fresh.id('client'));
    const b = await transferredClient(steps, fresh.id('client'));
    ensure(a.userId !== b.userId, `clients ${a.clientId} and ${b.clientId} were both given userId ${describe(a.userId)}`, 'two userIds', [a.userId, b.userId]);
  },
);

check(
  {
    id: 'operator-api-platform.selectDestination.user-name-passed',
    title: "selectDestination carries the client's name the bot knows as userName",
    level: 'SHOULD',
    doc: 'operator',
    section: SECTION,
    quote: 'The client’s first name.',
    rule: 'op.selectDestination.user-name',
  },
  async ({ steps, fresh }) => {
    const userName = 'Zoë Ångström';
    const t = await transferredClient(steps, fresh.id('client'), { userName });
    const got = t.body.userName;
    ensure(
      typeof got === 'string' && got.includes(userName),
      `selectDestination carries userName ${shown(got)}, expected it to hold ${describe(userName)}`,
      userName,
      got,
    );
  },
);

/**
 * A pre-chat field the bot collected, given in the transfer under `field`, is carried in the same
 * field of selectDestination: an object or a JSON string holding one (both forms are documented).
 */
async function ensurePreChatPassed(steps: Steps, fresh: Fresh, field: 'attributes' | 'hiddenAttributes', key: string, label: string): Promise<void> {
  const value = fresh.id(label);
  const t = await transferredClient(steps, fresh.id('client'), { [field]: { [key]: value } });
  const fields = preChatFields(t.body[field]);
  ensure(
    fields?.[key] === value,
    `selectDestination carries ${field} ${shown(t.body[field])}, expected ${key} = ${describe(value)}`,
    { [key]: value },
    t.body[field],
  );
}

check(
  {
    id: 'operator-api-platform.selectDestination.attributes-passed',
    title: 'selectDestination carries the attributes the bot collected (an object or a string holding it), for the agent',
    level: 'SHOULD',
    doc: 'operator',
    section: SECTION,
    quote: 'Parameters will be passed to the agent as additional client information.',
    rule: 'op.selectDestination.attributes',
  },
  async ({ steps, fresh }) => {
    await ensurePreChatPassed(steps, fresh, 'attributes', 'plan', 'gold');
  },
);

check(
  {
    id: 'operator-api-platform.selectDestination.hidden-attributes-passed',
    title: 'selectDestination carries the hidden pre-chat fields as hiddenAttributes (an object or a string holding it)',
    level: 'SHOULD',
    doc: 'operator',
    section: SECTION,
    quote: 'The format is similar to attributes.',
  },
  async ({ steps, fresh }) => {
    await ensurePreChatPassed(steps, fresh, 'hiddenAttributes', 'crmId', 'crm');
  },
);

check(
  {
    id: 'operator-api-platform.selectDestination.hidden-attributes-not-leaked',
    title: 'hidden pre-chat fields appear nowhere in selectDestination but in hiddenAttributes',
    level: 'MUST',
    doc: 'operator',
    section: SECTION,
    quote: 'Pre-chat field that will not be sent to the agent.',
    rule: 'op.selectDestination.hidden-attributes',
  },
  async ({ steps, fresh }) => {
    const key = fresh.id('hiddenkey');
    const value = fresh.id('hiddenvalue');
    const t = await transferredClient(steps, fresh.id('client'), {
      userName: 'Ada Lovelace',
      attributes: { visible: 'yes' },
      hiddenAttributes: { [key]: value },
    });
    // "Pre-chat field that will not be sent to the agent": what the agent sees (userName, attributes,
    // customData, anything else) must not hold it.
    const { hiddenAttributes, ...rest } = t.body;
    void hiddenAttributes;
    const seen = JSON.stringify(rest);
    precondition(t.selectDestination.isJson, 'the selectDestination body is not JSON (judged by operator-api-platform.selectDestination.matches-schema)');
    ensure(
      !seen.includes(key) && !seen.includes(value),
      `the hidden field ${key} appears outside hiddenAttributes: ${describe(rest)}`,
      'hiddenAttributes only',
      rest,
    );
  },
);
