/**
 * Stateful runs of the Chat API with the bundled reference as the oracle (issue 12, item 2).
 *
 * A generated sequence of steps over three clients — sync and async requests (queries, the event
 * "start", two connections' cids), two requests of one client sent at the same moment, statuses set
 * singly and in batches (DELIVERED and READ, the statuses a client reports: reading chat-status-set),
 * state saves, and agent replies through the driver — is applied to the IUT and to a fresh in-process
 * reference. After each step, what the documents fix about the client the step touched is compared;
 * each check compares one thing, so that each cites the one rule it grades:
 *
 *  - history: every questionId the IUT answered to the client is in its history (chat-history);
 *  - statuses: each message whose status the sequence set shows it, as the reference does; the
 *    others are not READ (chat-status-get; which status a new message starts in is free:
 *    chat-status-initial);
 *  - not-read count: the reference's count, or the reference's count plus the client's agent replies
 *    (whether those count is free: chat-agent-reply-unanswered);
 *  - state: deep-equal to the last state the IUT accepted (chat-state-round-trip);
 *  - events: with `all=true` every bot response the reference lists (its questionId mapped to the
 *    IUT's by step) and every agent reply; without `all` the agent replies and no bot response; with
 *    a `cid`, either that connection's bot responses only or all but those (chat-events-cid-readings).
 *    `ts` is always a minute before the sequence (the margin of the events checks); where it falls
 *    between steps is not tested (that needs a second of margin on each side: chat-events-time).
 *
 * Question ids differ between the two servers: they are mapped by step. Client ids are fresh for each
 * sequence (and each replay while shrinking), so the sequences never see each other. A step the IUT
 * refuses that every conformant server takes (a plain request, a status a client reports) makes the
 * other comparisons meaningless: the check is skipped, naming the check that judges that rule.
 * @module
 */

import { answerOf, received } from '../../harness/checks/ensure.ts';
import fc from 'fast-check';
import { check } from '../../fixtures/chat-api.ts';
import type { ChatApi } from '../../fixtures/chat-api.ts';
import type { CheckMeta } from '../../fixtures/conformance.ts';
import { generation, type RunConfig } from '../../harness/config/run-config.ts';
import { checkProperty } from '../../harness/generated/property-check.ts';
import { fail } from '../../harness/checks/failure.ts';
import { IutClient, type CallResult } from '../../harness/http/iut-client.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import type { Redactor } from '../../harness/secrets/redactor.ts';
import type { SpecValidators } from '../../harness/validation/validators.ts';
import { startReference } from '../../reference/index.ts';
import { is2xxStatus, jsonEqual, shown, stateObjects } from './generated-helpers.ts';
import { precondition } from '../../harness/checks/precondition.ts';
import { pollFor } from '../../harness/checks/poll.ts';
import { countIn, eventMentions, historyEntries, pollEvents, questionIdIn, questionIdsAnywhere, statusIn, tsBefore, type Poll } from './helpers.ts';

type Status = 'DELIVERED' | 'READ';
type Say = { query: string } | { event: string };
type Step =
  | { kind: 'ask'; c: number; via: 'sync' | 'async'; say: Say; cid?: string }
  | { kind: 'pair'; c: number }
  | { kind: 'status'; c: number; m: number; status: Status }
  | { kind: 'batch'; c: number; items: { m: number; status: Status }[] }
  | { kind: 'state'; c: number; state: unknown }
  | { kind: 'agent'; c: number };

type Aspect = 'history' | 'statuses' | 'count' | 'state' | 'events';

/** Steps per sequence by default (the brief of issue 12: short, so that the default run stays quick). */
const STEPS = 20;
const CLIENTS = 3;
/** Client ids end in characters a careless server mishandles in a path: a dot, an encoded slash, non-ASCII. */
const SUFFIXES = ['', '.v1', '/ü'];
const CIDS = ['tab-1', 'tab-2'];

function steps(validators: SpecValidators, withAgent: boolean): fc.Arbitrary<Step[]> {
  const c = fc.integer({ min: 0, max: CLIENTS - 1 });
  const status = fc.constantFrom<Status>('DELIVERED', 'READ');
  const say: fc.Arbitrary<Say> = fc.oneof(
    fc.constantFrom('Hello', 'What now?', 'ok').map((query) => ({ query })),
    fc.constant({ event: 'start' }),
  );
  const kinds: fc.WeightedArbitrary<Step>[] = [
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('ask' as const),
        c,
        via: fc.constantFrom<'sync' | 'async'>('sync', 'async'),
        say,
        cid: fc.option(fc.constantFrom(...CIDS), { nil: undefined }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('pair' as const), c }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('status' as const), c, m: fc.nat(9), status }) },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('batch' as const), c, items: fc.array(fc.record({ m: fc.nat(9), status }), { minLength: 1, maxLength: 3 }) }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('state' as const), c, state: stateObjects(validators) }) },
  ];
  if (withAgent) kinds.push({ weight: 1, arbitrary: fc.record({ kind: fc.constant('agent' as const), c }) });
  return fc.array(fc.oneof(...kinds), { minLength: 1, maxLength: STEPS, size: 'max' });
}

function stepWords(s: Step): string {
  const who = `client ${s.c}`;
  switch (s.kind) {
    case 'ask':
      return `${who} sends ${'query' in s.say ? `the query ${shown(s.say.query)}` : `the event ${shown(s.say.event)}`} ${s.via === 'sync' ? 'synchronously' : 'to /async'}${s.cid ? ` with cid ${s.cid}` : ''}`;
    case 'pair':
      return `${who} sends two requests at the same moment`;
    case 'status':
      return `${who} sets ${s.status} on its message ${s.m}`;
    case 'batch':
      return `${who} sets ${s.items.map((i) => `${i.status} on message ${i.m}`).join(', ')} in one batch`;
    case 'state':
      return `${who} saves the state ${shown(s.state)}`;
    case 'agent':
      return `an agent replies to ${who}`;
  }
}

export function describeSteps(list: Step[]): string {
  return list.map((s, i) => `${i + 1}. ${stepWords(s)}`).join('; ');
}

/** One message of the sequence: its questionId on each server, its cid, the status the sequence set. */
interface Msg {
  iut: string;
  ref: string;
  cid?: string;
  status?: Status;
}

interface Client {
  id: string;
  msgs: Msg[];
  agentTexts: string[];
  /** The state the IUT last answered 2xx to saving. */
  saved?: { state: unknown };
}

/** The reference, called the same way as the IUT (its exchanges are not the IUT's evidence). */
interface Oracle {
  client: IutClient;
  token: string;
  driver: string;
}

/** Why a sequence cannot be compared any further (a rule another check judges is broken): skip. */
class NotComparable extends Error {}

interface Sides {
  chat: ChatApi;
  ref: Oracle;
  driver: DriverClient;
  run: RunConfig;
  /** How long to wait for the IUT to answer an async request (0 once it failed to within the budget). */
  settleMs: { value: number };
  /** The index of the step being executed (a failure happened after it). */
  step: number;
}

const refCall = (ref: Oracle, op: string, opts: Parameters<IutClient['call']>[1] = {}) =>
  ref.client.call(op, { ...opts, pathParams: { token: ref.token, ...opts?.pathParams } });

async function refAgent(ref: Oracle, clientId: string, text: string): Promise<void> {
  const res = await fetch(`${ref.driver}/chat/agent-text`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId, text }),
  });
  if (!res.ok) throw new Error(`the reference driver answered ${res.status} to chat/agent-text`);
}

async function historyIds(call: (op: string, opts: Parameters<IutClient['call']>[1]) => Promise<CallResult>, clientId: string): Promise<string[] | undefined> {
  const res = await call('getHistory', { pathParams: { clientId } });
  if (!is2xxStatus(res)) return undefined;
  const entries = historyEntries(res.json);
  return entries ? questionIdsAnywhere(entries) : undefined;
}

/** Execute one sequence, comparing `aspect` after each step; throws CheckFailure or NotComparable. */
async function execute(list: Step[], aspect: Aspect, sides: Sides, fresh: () => string): Promise<void> {
  const started = Date.now();
  const clients: Client[] = SUFFIXES.map((suffix) => ({ id: `${fresh()}${suffix}`, msgs: [], agentTexts: [] }));
  let agentN = 0;
  for (const [i, step] of list.entries()) {
    sides.step = i;
    const where = `after step ${i + 1} (${stepWords(step)})`;
    const cl = clients[step.c]!;
    await apply(step, cl, sides, () => `agent reply ${++agentN} ${fresh()}`, aspect, where);
    await compare(aspect, cl, sides, started, where);
  }
}

async function ask(sides: Sides, _cl: Client, body: Record<string, unknown>, via: 'sync' | 'async'): Promise<[CallResult, CallResult]> {
  const op = via === 'sync' ? 'sendRequest' : 'sendRequestAsync';
  return [await sides.chat.call(op, { body }), await refCall(sides.ref, op, { body })];
}

function answered(iut: CallResult, ref: CallResult, what: string, judgedBy: string): { iut: string; ref: string } {
  const q = is2xxStatus(iut) ? questionIdIn(iut.json) : undefined;
  if (q === undefined) throw new NotComparable(`the IUT ${answerOf(iut)} to the step "${what}", with no questionId (judged by ${judgedBy})`);
  const r = questionIdIn(ref.json);
  if (r === undefined) throw new Error(`Test bug: the reference answered ${what} without a questionId`);
  return { iut: q, ref: r };
}

async function apply(step: Step, cl: Client, sides: Sides, agentText: () => string, aspect: Aspect, where: string): Promise<void> {
  const { chat, ref } = sides;
  switch (step.kind) {
    case 'ask': {
      const body = { clientId: cl.id, ...step.say, ...(step.cid ? { cid: step.cid } : {}) };
      const [iut, r] = await ask(sides, cl, body, step.via);
      const judge = step.via === 'sync' ? 'chat-api.sendRequest.response-matches-schema' : 'chat-api.sendRequestAsync.response-matches-schema';
      const ids = answered(iut, r, `${stepWords(step)}`, judge);
      cl.msgs.push({ ...ids, ...(step.cid ? { cid: step.cid } : {}) });
      if (step.via === 'async') await settle(sides, cl, ids.iut, aspect, where);
      return;
    }
    case 'pair': {
      const bodies = [1, 2].map((n) => ({ clientId: cl.id, query: `at the same moment ${n}` }));
      const iut = await Promise.all(bodies.map((body) => chat.call('sendRequest', { body })));
      const r = await Promise.all(bodies.map((body) => refCall(ref, 'sendRequest', { body })));
      for (const n of [0, 1])
        cl.msgs.push(answered(iut[n]!, r[n]!, `one of two requests sent at the same moment`, 'chat-api.sendRequest.response-matches-schema'));
      return;
    }
    case 'status':
    case 'batch': {
      if (cl.msgs.length === 0) return; // no message to set a status on yet: the step does nothing
      const items = step.kind === 'status' ? [{ m: step.m, status: step.status }] : step.items;
      // One item per message (the order of two items for one message is not a rule of the document),
      // and never back from READ (the document gives no transitions: the scenario checks never ask it either).
      const seen = new Set<number>();
      const chosen: { msg: Msg; status: Status }[] = [];
      for (const it of items) {
        const k = it.m % cl.msgs.length;
        if (seen.has(k)) continue;
        seen.add(k);
        const msg = cl.msgs[k]!;
        chosen.push({ msg, status: msg.status === 'READ' ? 'READ' : it.status });
      }
      let iut: CallResult;
      if (step.kind === 'status') {
        const { msg, status } = chosen[0]!;
        iut = await chat.call('updateMessageStatus', { pathParams: { clientId: cl.id, questionId: msg.iut }, body: { status } });
        await refCall(ref, 'updateMessageStatus', { pathParams: { clientId: cl.id, questionId: msg.ref }, body: { status } });
      } else {
        iut = await chat.call('updateMessageStatuses', {
          pathParams: { clientId: cl.id },
          body: { statuses: chosen.map((x) => ({ questionId: x.msg.iut, status: x.status })) },
        });
        await refCall(ref, 'updateMessageStatuses', {
          pathParams: { clientId: cl.id },
          body: { statuses: chosen.map((x) => ({ questionId: x.msg.ref, status: x.status })) },
        });
      }
      if (!is2xxStatus(iut)) {
        const sentence = `${where}: the IUT ${answerOf(iut)} to setting a status a client reports on a message it answered`;
        if (aspect === 'statuses') fail(sentence, '2xx', received(iut.status ?? iut.error));
        throw new NotComparable(`${sentence} (judged by chat-api.stateful.statuses-match-reference)`);
      }
      for (const x of chosen) x.msg.status = x.status;
      return;
    }
    case 'state': {
      const iut = await chat.call('saveState', { pathParams: { clientId: cl.id }, body: step.state });
      await refCall(ref, 'saveState', { pathParams: { clientId: cl.id }, body: step.state });
      // A server may refuse an unusual state with 4xx: the last state it accepted is what GET returns.
      if (is2xxStatus(iut)) cl.saved = { state: step.state };
      return;
    }
    case 'agent': {
      const text = agentText();
      await sides.driver.post('chat/agent-text', { clientId: cl.id, text });
      await refAgent(ref, cl.id, text);
      cl.agentTexts.push(text);
      return;
    }
  }
}

/**
 * An async request is answered when the server gets to it: wait until the IUT's history lists it, so
 * that the next step (a status on it, a count, events) meets it answered. Bounded by --timeout; once
 * a wait has failed, later ones only look once (a server that never lists it costs one wait).
 */
async function settle(sides: Sides, cl: Client, questionId: string, aspect: Aspect, where: string): Promise<void> {
  const listed = await pollFor(
    () => historyIds(sides.chat.call, cl.id),
    (ids) => ids?.includes(questionId) === true,
    { withinMs: sides.settleMs.value, pauseMs: 100 },
  );
  if (listed.met) return;
  sides.settleMs.value = 0;
  const sentence = `${where}: the history of client ${shown(cl.id)} does not list ${questionId}, the questionId of its async request, within ${sides.run.timeoutMs} ms`;
  if (aspect === 'history') fail(sentence, questionId, 'absent');
  throw new NotComparable(`${sentence} (judged by chat-api.stateful.history-lists-answered)`);
}

async function compare(aspect: Aspect, cl: Client, sides: Sides, started: number, where: string): Promise<void> {
  const { chat, ref } = sides;
  const who = `client ${shown(cl.id)}`;
  switch (aspect) {
    case 'history': {
      const ids = await historyIds(chat.call, cl.id);
      if (ids === undefined) throw new NotComparable(`${where}: GET history of ${who} answered no list (judged by chat-api.history.response-matches-schema)`);
      const missing = cl.msgs.map((m) => m.iut).filter((q) => !ids.includes(q));
      if (missing.length)
        fail(
          `${where}: the history of ${who} lacks ${missing.length} of the ${cl.msgs.length} questionIds answered to it: ${missing.join(', ')}`,
          cl.msgs.map((m) => m.iut),
          ids,
        );
      return;
    }
    case 'statuses': {
      for (const [k, m] of cl.msgs.entries()) {
        const got = statusIn(await chat.call('getMessageStatus', { pathParams: { clientId: cl.id, questionId: m.iut } }));
        if (m.status === undefined) {
          // Which status a new message starts in is free (chat-status-initial), but not READ (chat-status-get).
          if (got === 'READ') fail(`${where}: message ${k} of ${who}, never set by the client, shows READ`, 'SENT, DELIVERED or NOT_SENT', got);
          continue;
        }
        const expected = statusIn(await refCall(ref, 'getMessageStatus', { pathParams: { clientId: cl.id, questionId: m.ref } }));
        if (got !== expected)
          fail(
            `${where}: message ${k} of ${who} (${m.iut}) shows ${got ?? 'no readable status'}, the reference shows ${expected} after the same steps`,
            expected,
            received(got),
          );
      }
      return;
    }
    case 'count': {
      const res = await chat.call('getNotReadCount', { pathParams: { clientId: cl.id } });
      const got = is2xxStatus(res) ? countIn(res.json) : undefined;
      if (got === undefined)
        throw new NotComparable(`${where}: the not-read count of ${who} cannot be read (judged by chat-api.notReadCount.response-matches-schema)`);
      const expected = countIn((await refCall(ref, 'getNotReadCount', { pathParams: { clientId: cl.id } })).json)!;
      // Agent replies may or may not count as unread (chat-agent-reply-unanswered).
      const allowed = cl.agentTexts.length ? [expected, expected + cl.agentTexts.length] : [expected];
      if (!allowed.includes(got))
        fail(`${where}: the not-read count of ${who} is ${got}, the reference counts ${allowed.join(' or ')} after the same steps`, allowed.join(' or '), got);
      return;
    }
    case 'state': {
      if (!cl.saved) return; // never saved: 200 {} or 404, judged by chat-api.state.never-saved-empty-or-404
      const res = await chat.call('loadState', { pathParams: { clientId: cl.id } });
      if (!is2xxStatus(res) || !jsonEqual(res.json, cl.saved.state)) {
        fail(
          `${where}: GET state of ${who} answers ${res.status} ${shown(res.json ?? res.text)}, not the state saved last, ${shown(cl.saved.state)}`,
          cl.saved.state,
          received(res.json ?? res.status),
        );
      }
      return;
    }
    case 'events':
      return compareEvents(cl, sides, started, where);
  }
}

async function compareEvents(cl: Client, sides: Sides, started: number, where: string): Promise<void> {
  const { chat, ref, run } = sides;
  const who = `client ${shown(cl.id)}`;
  const ts = tsBefore(started);
  const refPoll = async (query: Record<string, string | number | boolean>) => {
    const res = await refCall(ref, 'getEvents', { query: { clientId: cl.id, ts, ...query } });
    return ((res.json as { events?: unknown[] } | undefined)?.events ?? []) as unknown[];
  };
  // The reference's bot responses, by the IUT's questionId (mapped by step).
  const toIut = new Map(cl.msgs.map((m) => [m.ref, m]));
  const botOf = (events: unknown[]) =>
    events.map((e) => questionIdIn((e as { event?: unknown }).event ?? e)).flatMap((q) => (q !== undefined && toIut.has(q) ? [toIut.get(q)!] : []));
  const expectedBot = botOf(await refPoll({ all: true }));
  const listed = (poll: Poll, m: { questionId?: string; text?: string }) => poll.events.some((e) => eventMentions(e, m));

  if (expectedBot.length || cl.agentTexts.length) {
    const all = await pollEvents(chat, run, { clientId: cl.id, ts, all: true });
    const lost = expectedBot.filter((m) => !listed(all, { questionId: m.iut }));
    if (lost.length)
      fail(
        `${where}: GET /events all=true for ${who} lacks the bot responses ${lost.map((m) => m.iut).join(', ')} that the reference lists after the same steps`,
        expectedBot.map((m) => m.iut),
        all.events,
      );
    const agentLost = cl.agentTexts.filter((t) => !listed(all, { text: t }));
    if (agentLost.length) fail(`${where}: GET /events all=true for ${who} lacks the agent replies ${shown(agentLost)}`, cl.agentTexts, all.events);
  }
  if (cl.agentTexts.length) {
    // Without all: the agent replies, no bot response (a poll with nothing to list is only made when there are agent replies).
    const def = await pollEvents(chat, run, { clientId: cl.id, ts });
    const agentLost = cl.agentTexts.filter((t) => !listed(def, { text: t }));
    if (agentLost.length) fail(`${where}: GET /events without all for ${who} lacks the agent replies ${shown(agentLost)}`, cl.agentTexts, def.events);
    const bots = cl.msgs.filter((m) => listed(def, { questionId: m.iut }));
    if (bots.length)
      fail(
        `${where}: GET /events without all for ${who} lists the bot responses ${bots.map((m) => m.iut).join(', ')}; expected agent replies only`,
        cl.agentTexts,
        def.events,
      );
  }
  for (const cid of CIDS) {
    // Two readings conform (chat-events-cid-readings): that connection's bot responses only, or all but
    // those. The poll is made only when both readings have something to list.
    const own = botOf(await refPoll({ all: true, cid }));
    const others = expectedBot.filter((m) => !own.includes(m));
    if (own.length === 0 || others.length === 0) continue;
    const poll = await pollEvents(chat, run, { clientId: cl.id, ts, all: true, cid });
    const shows = (ms: Msg[]) => ms.every((m) => listed(poll, { questionId: m.iut }));
    const hides = (ms: Msg[]) => ms.every((m) => !listed(poll, { questionId: m.iut }));
    if (!((shows(own) && hides(others)) || (shows(others) && hides(own)))) {
      fail(
        `${where}: GET /events all=true cid=${cid} for ${who} lists ${poll.events.length} events, neither exactly the bot responses of that connection (${own.map((m) => m.iut).join(', ')}) nor exactly the others (${others.map((m) => m.iut).join(', ')})`,
        'the bot responses of that connection only, or all but those',
        poll.events,
      );
    }
  }
}

const ASPECTS: { aspect: Aspect; id: string; title: string; meta: Pick<CheckMeta, 'level' | 'doc' | 'section' | 'quote'> }[] = [
  {
    aspect: 'history',
    id: 'history-lists-answered',
    title: 'after each step of a generated sequence, the history of the client lists every questionId answered to it',
    meta: { level: 'MUST', doc: 'readings', section: 'chat-history' },
  },
  {
    aspect: 'statuses',
    id: 'statuses-match-reference',
    title:
      'after each step of a generated sequence, each message shows the status the client set (DELIVERED, READ), as the reference does, and no message never set shows READ',
    meta: { level: 'MUST', doc: 'readings', section: 'chat-status-set' },
  },
  {
    aspect: 'count',
    id: 'not-read-count-matches-reference',
    title: "after each step of a generated sequence, the client's not-read count is the reference's (agent replies counted or not)",
    meta: { level: 'MUST', doc: 'readings', section: 'chat-not-read-count' },
  },
  {
    aspect: 'state',
    id: 'state-is-last-saved',
    title: 'after each step of a generated sequence, GET state returns the state saved last, deep-equal',
    meta: { level: 'MUST', doc: 'readings', section: 'chat-state-round-trip' },
  },
  {
    aspect: 'events',
    id: 'events-match-reference',
    title: 'after each step of a generated sequence, GET /events lists the bot responses and agent replies the reference lists, per all and cid',
    meta: { level: 'MUST', doc: 'readings', section: 'chat-events-shape' },
  },
];

/** Replays of failing sequences while shrinking (each is up to STEPS steps on both servers). */
const SHRINK_SEQUENCES = 10;

/** Sequences per check: a few (the default budget of 20 inputs per property gives 3 sequences of up to 20 steps). */
export function sequencesFor(runs: number): number {
  return Math.max(1, Math.round(runs / 7));
}

for (const a of ASPECTS) {
  check({ id: `chat-api.stateful.${a.id}`, title: a.title, ...a.meta }, async ({ chat, driver, run, fresh, validators, redactor, evidence }) => {
    const started = await startReference('chat-api');
    try {
      const ref: Oracle = {
        token: started.token!,
        driver: started.driver,
        client: referenceClient(started.target, run, redactor, validators),
      };
      const sides: Sides = { chat, ref, driver, run, settleMs: { value: run.timeoutMs }, step: 0 };
      // The steps after the one a sequence failed at are never run: the report shows the sequence up to it.
      const failedAt = new WeakMap<Step[], number>();
      const { seed, runs } = generation(run);
      let skip: string | undefined;
      // A sequence is many requests: shrinking stops after SHRINK_SEQUENCES replays, keeping the
      // shortest failing sequence found so far (the last one that failed is replayed alone at the end).
      const budget = sequencesFor(runs) + SHRINK_SEQUENCES;
      let executed = 0;
      let lastFailed: Step[] | undefined;
      await checkProperty({
        seed,
        runs: sequencesFor(runs),
        evidence,
        arbitrary: steps(validators, driver.available),
        predicate: async (list) => {
          if (skip) return; // a rule another check judges is broken: nothing more is compared
          if (executed >= budget && list !== lastFailed) return;
          executed++;
          try {
            await execute(list, a.aspect, sides, () => fresh.id('st'));
          } catch (e) {
            if (e instanceof NotComparable) skip = e.message;
            else {
              lastFailed = list;
              failedAt.set(list, sides.step);
              throw e;
            }
          }
        },
        describeInput: (list) => `the sequence ${describeSteps(list.slice(0, (failedAt.get(list) ?? list.length - 1) + 1))}`,
      });
      precondition(!skip, skip ?? '');
    } finally {
      await started.close();
    }
  });
}

function referenceClient(target: string, run: RunConfig, redactor: Redactor, validators: SpecValidators): IutClient {
  return new IutClient({
    suite: 'chat-api',
    baseUrl: target,
    timeoutMs: run.timeoutMs,
    maxBodyBytes: run.responseBodyLimit,
    redactor,
    validators,
    log: () => {},
  });
}
