/**
 * Generated checks (issue 12): requests drawn from the request schemas of specs/operator-api.yaml,
 * run with a seed and a budget (`--seed`, `--generate`), each failure shrunk to a minimal request.
 *
 * - valid requests are never answered 5xx (MUST: the methods must be supported); a 4xx to an unusual
 *   but valid input (a NUL, a 2,000 character text, a userId the platform will not take) is the
 *   platform's right and never fails;
 * - ordinary valid requests (printable ASCII, a listed destination, optional objects empty or small)
 *   are accepted with 2xx;
 * - a generated request lacking a mandatory field is refused with 4xx (SHOULD, gen-malformed-4xx);
 * - agent actions on generated users and contents give events that match their schemas (MUST).
 *
 * getDestinations takes no input, so nothing is generated for it; setWebhook's only field is its url,
 * so its missing-field case is the scenario check operator-api.setWebhook.rejects-missing-url.
 */
import fc from 'fast-check';
import { check } from '../../fixtures/operator-api.ts';
import { ensureAnswered, ensure2xx, ensure4xx, ensureNoSchemaErrors, answerOf } from '../../harness/checks/ensure.ts';
import { fail } from '../../harness/checks/failure.ts';
import { checkProperty } from '../../harness/generated/property-check.ts';
import { applyDefect, identifier, text, webUrl } from '../../harness/generated/arbitraries.ts';
import { generation } from '../../harness/config/run-config.ts';
import type { CallResult } from '../../harness/http/iut-client.ts';
import { agentFile, eventSchemaErrors } from './helpers.ts';
import {
  EVENT_TYPES,
  destinationIds,
  eventBody,
  is2xx,
  missingFieldDefects,
  namesUser,
  plainId,
  plainObject,
  plainString,
  short,
  validBody,
  withShrinkBudget,
  FreshUsers,
} from './generators.ts';

/** The rule every "the server supports the method" check cites (JAICP's method table). */
const SUPPORTS = { level: 'MUST', doc: 'operator', section: 'Method support', quote: 'you will need to create a web server that supports' } as const;

/** Each request's user is new: the generated userId with a fresh number before it (see the exchanges). */
const FRESH_NOTE = ' (the userId prefixed with a fresh number, as the exchanges show)';

function ensureNot5xx(res: CallResult, what: string): void {
  const status = ensureAnswered(res, what);
  if (status >= 500)
    fail(`${what} ${answerOf(res)}, expected an answer that is not a server error (2xx, or 4xx for an input the platform will not take)`, 'not 5xx', status);
  // A 2xx answer matches the documented answer schema, where the spec gives one.
  if (status < 300) ensureNoSchemaErrors(res.schemaErrors, `the answer of ${what}`);
}

/** The client methods that name a user: a generated user may first be transferred, or not. */
for (const op of ['selectDestination', 'sendText', 'sendFile', 'closeChat'] as const) {
  check(
    {
      id: `operator-api.${op}.generated-valid-not-5xx`,
      title: `${op} answers generated valid requests (unusual characters, reserved and numeric-looking ids, long texts) without a 5xx, and a 2xx answer matches its schema`,
      ...SUPPORTS,
    },
    async ({ api, validators, run, evidence }) => {
      const destinations = await destinationIds(api);
      const destination = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...destinations) }, { weight: 1, arbitrary: identifier() });
      const arbitrary = fc.record({
        body: validBody(op, validators, op === 'selectDestination' ? { destinationId: destination } : {}),
        // A userId that never had selectDestination may be refused with 4xx, never 5xx.
        transferred: fc.boolean(),
      });
      const users = new FreshUsers();
      await checkProperty({
        ...generation(run),
        arbitrary,
        evidence,
        describeInput: ({ body, transferred }) =>
          `the ${op} body ${short(body)}${op === 'selectDestination' ? '' : transferred ? ' after a selectDestination for that user' : ' for a user never transferred'}${FRESH_NOTE}`,
        predicate: async (input) => {
          const body = { ...input.body, userId: users.of(String(input.body.userId)) };
          if (op !== 'selectDestination' && input.transferred) {
            await api.call('selectDestination', { body: { userId: body.userId, destinationId: destinations[0] } });
          }
          ensureNot5xx(await api.call(op, { body }), op);
        },
      });
    },
  );
}

check(
  {
    id: 'operator-api.setWebhook.generated-valid-not-5xx',
    title:
      "setWebhook answers generated valid urls (reserved, percent and non-ASCII characters in the query, any string) without a 5xx; the suite's webhook is set back after",
    ...SUPPORTS,
  },
  async ({ api, validators, run, evidence, webhook }) => {
    const main = webhook.main.url;
    const url = fc.oneof(
      { weight: 2, arbitrary: text(0, 40).map((q) => `${main}?q=${q}`) },
      { weight: 1, arbitrary: webUrl({ fragments: true }) },
      { weight: 1, arbitrary: text(0, 60) },
    );
    try {
      await checkProperty({
        ...generation(run),
        arbitrary: validBody('setWebhook', validators, { url }),
        evidence,
        describeInput: (body) => `the setWebhook body ${short(body)}`,
        predicate: async (body) => {
          webhook.forget();
          ensureNot5xx(await api.call('setWebhook', { body }), 'setWebhook');
        },
      });
    } finally {
      // Leave the IUT's webhook as it was found: the suite's own.
      webhook.forget();
      await webhook.set(webhook.main);
    }
  },
);

check(
  {
    id: 'operator-api.selectDestination.generated-plain-2xx',
    title: 'selectDestination accepts generated ordinary requests (printable ASCII, a listed destination, optional objects empty or small) with a 2xx status',
    level: 'MUST',
    doc: 'operator',
    section: 'POST /selectDestination',
    quote: 'The method creates a session between the chatbot client and the selected agent.',
  },
  async ({ api, validators, run, evidence }) => {
    const destinations = await destinationIds(api);
    const arbitrary = fc
      .record(
        {
          userId: plainId,
          destinationId: fc.constantFrom(...destinations),
          userName: plainString(1, 30),
          attributes: plainObject,
          hiddenAttributes: plainObject,
          customData: plainObject,
        },
        { requiredKeys: ['userId', 'destinationId'] },
      )
      .filter((b) => validators.validate('SelectDestinationRequest', b, 'generated body').length === 0);
    await checkProperty({
      ...generation(run),
      arbitrary,
      evidence,
      describeInput: (body) => `the selectDestination body ${short(body)}`,
      predicate: async (body) => ensure2xx(await api.call('selectDestination', { body }), 'selectDestination'),
    });
  },
);

for (const op of ['selectDestination', 'sendText', 'sendFile', 'closeChat'] as const) {
  check(
    {
      id: `operator-api.${op}.generated-invalid-4xx`,
      title: `${op} refuses generated requests lacking a mandatory field with a 4xx status`,
      level: 'SHOULD',
      doc: 'readings',
      section: 'gen-malformed-4xx',
    },
    async ({ api, validators, run, evidence }) => {
      const destinations = await destinationIds(api);
      const arbitrary = fc.record({ body: validBody(op, validators), defect: fc.constantFrom(...missingFieldDefects(op)) });
      const users = new FreshUsers();
      await checkProperty({
        ...generation(run),
        arbitrary,
        evidence,
        describeInput: ({ body, defect }) => `the ${op} body ${short(applyDefect(body, defect))} (without ${defect.field})${FRESH_NOTE}`,
        predicate: async (input) => {
          const { defect } = input;
          const body = { ...input.body, userId: users.of(String(input.body.userId)) };
          // The user is transferred first, so that the refusal can only be for the missing field.
          if (op !== 'selectDestination' && defect.field !== 'userId') {
            await api.call('selectDestination', { body: { userId: body.userId, destinationId: destinations[0] } });
          }
          ensure4xx(await api.call(op, { body: applyDefect(body, defect) }), `${op} without ${defect.field}`);
        },
      });
    },
  );
}

/** An agent action the driver can make, with generated contents. */
type AgentAction =
  | { type: 'TextMessage'; text: string }
  | { type: 'FileMessage'; name: string; size: number; comment: string }
  | { type: 'Closed' }
  | { type: 'SelectDestination'; destination: number };

const agentAction: fc.Arbitrary<AgentAction> = fc.oneof(
  fc.record({ type: fc.constant('TextMessage' as const), text: text(1) }),
  fc.record({ type: fc.constant('FileMessage' as const), name: text(1, 40), size: fc.nat(2000), comment: text(0, 200) }),
  fc.record({ type: fc.constant('Closed' as const) }),
  fc.record({ type: fc.constant('SelectDestination' as const), destination: fc.nat(9) }),
);

check(
  {
    id: 'operator-api.events.generated-events-match-schema',
    title: 'agent actions on generated users (reserved and numeric-looking ids) with generated texts, files and transfers give events that match their schemas',
    level: 'MUST',
    doc: 'readings',
    section: 'op-event-fields',
  },
  async ({ api, driver, deliveries, receiver, validators, coverage, webhook, run, evidence }) => {
    driver.require();
    const destinations = await destinationIds(api);
    const users = new FreshUsers();
    await checkProperty({
      ...generation(run),
      arbitrary: fc.record({ userId: identifier(), action: agentAction }),
      evidence,
      describeInput: ({ userId, action }) => `an agent ${action.type} ${short(action)} for user ${short(userId)}${FRESH_NOTE}`,
      // A lost event costs the whole --timeout per shrinking step: shrinking has a time budget.
      predicate: withShrinkBudget(
        async (input: { userId: string; action: AgentAction }) => {
          const { action } = input;
          const userId = users.of(input.userId);
          const opened = await api.call('selectDestination', { body: { userId, destinationId: destinations[0] } });
          // A platform may refuse an unusual userId (4xx); its agent then has no chat to act in.
          if (!is2xx(opened.status)) return;
          const mark = receiver.nextSeq;
          if (action.type === 'TextMessage') await driver.post('operator/agent-text', { userId, text: action.text });
          else if (action.type === 'FileMessage') {
            await driver.post('operator/agent-file', {
              userId,
              url: agentFile(receiver, action.name, action.size),
              name: action.name,
              size: action.size,
              comment: action.comment,
            });
          } else if (action.type === 'Closed') await driver.post('operator/agent-close', { userId });
          else await driver.post('operator/agent-transfer', { userId, destinationId: destinations[action.destination % destinations.length] });
          // The event of this action: for this user (a number for a numeric-looking id still matches,
          // so that the schema judges it), of this type or of a type the document does not list.
          const d = await deliveries.waitFor(
            (x) => {
              if (x.seq < mark || x.endpoint !== webhook.main.name) return false;
              const e = eventBody(x);
              return namesUser(e, userId) && (e.type === action.type || !EVENT_TYPES.includes(String(e.type)));
            },
            `the ${action.type} event for user ${short(userId)}`,
          );
          ensureNoSchemaErrors(eventSchemaErrors(validators, deliveries, coverage, d, action.type), `the ${action.type} event`);
        },
        Math.max(10_000, 4 * run.timeoutMs),
      ),
    });
  },
);
