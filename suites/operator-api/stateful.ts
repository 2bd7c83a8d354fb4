/**
 * The stateful run of issue 12: a random sequence of client and agent steps over two users, applied
 * to the IUT and to a fresh bundled reference (the oracle), with a judge called after each step.
 * Expectations come only from steps both servers accepted: a platform may refuse an unusual but
 * valid input with 4xx (a userId it will not take, a NUL), and a refused step is no failure here —
 * the generated-valid checks judge the answers themselves.
 * @module
 */

import fc from 'fast-check';
import { identifier, text, webUrl } from '../../harness/generated/arbitraries.ts';
import type { IutClient } from '../../harness/http/iut-client.ts';
import type { DriverClient } from '../../harness/driver/driver-client.ts';
import type { Receiver } from '../../harness/receiver/receiver.ts';
import type { Evidence } from '../../harness/http/evidence.ts';
import type { StartedReference } from '../../reference/types.ts';
import { isObject, parseJson } from '../../harness/checks/json.ts';
import { agentChat, agentFile, type AgentChat } from './helpers.ts';
import { FreshUsers, is2xx, preChatFields, short } from './generators.ts';

export type AgentAct =
  | { type: 'text'; text: string }
  | { type: 'file'; name: string; size: number; comment: string }
  | { type: 'close' }
  | { type: 'transfer'; destination: number };

export type Step =
  | { kind: 'select'; user: number; destination: number; userName?: string; attributes: unknown; hiddenAttributes: unknown }
  | { kind: 'text'; user: number; text: string }
  | { kind: 'file'; user: number; url: string; fileName?: string }
  | { kind: 'close'; user: number; text: string }
  /** One agent action, or two for the same user at the same moment. */
  | { kind: 'agent'; user: number; acts: AgentAct[] };

export interface Sequence {
  ids: [string, string];
  steps: Step[];
}

/**
 * Text the documents protect character for character (gen-text-characters, MUST): no line endings,
 * tabs, markup or surrounding whitespace (layout, SHOULD only) and no control characters (a platform
 * may refuse or drop a NUL), so that a MUST comparison never fails a platform that normalises layout.
 */
const characters = text(1, 2000)
  .map((s) => s.replace(/[\u0000-\u001f\u007f<>&]/g, '').trim())
  .filter((s) => s.length > 0);

const user = fc.nat(1);
const act: fc.Arbitrary<AgentAct> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('text' as const), text: characters }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('file' as const), name: text(1, 40), size: fc.nat(2000), comment: text(0, 100) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('close' as const) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('transfer' as const), destination: fc.nat(9) }) },
);
const concurrentAct: fc.Arbitrary<AgentAct> = fc.oneof(
  fc.record({ type: fc.constant('text' as const), text: characters }),
  fc.record({ type: fc.constant('file' as const), name: text(1, 40), size: fc.nat(2000), comment: text(0, 100) }),
);

function select(who: fc.Arbitrary<number>): fc.Arbitrary<Step> {
  return fc.record(
    {
      kind: fc.constant('select' as const),
      user: who,
      destination: fc.nat(9),
      userName: text(0, 30),
      attributes: preChatFields,
      hiddenAttributes: preChatFields,
    },
    { requiredKeys: ['kind', 'user', 'destination', 'attributes', 'hiddenAttributes'] },
  );
}

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 2, arbitrary: select(user) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('text' as const), user, text: characters }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('file' as const), user, url: webUrl(), fileName: text(1, 40) }, { requiredKeys: ['kind', 'user', 'url'] }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), user, text: text(0, 100) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('agent' as const), user, acts: fc.tuple(act).map((a) => [...a]) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('agent' as const), user, acts: fc.tuple(concurrentAct, concurrentAct).map((a) => [...a]) }) },
);

/** Both users are transferred first (else most agent steps would find no open session), then random steps. */
export const sequences: fc.Arbitrary<Sequence> = fc
  .record({
    ids: fc.tuple(identifier(), identifier()),
    opening: fc.tuple(select(fc.constant(0)), select(fc.constant(1))),
    steps: fc.array(step, { minLength: 1, maxLength: 8 }),
  })
  .map(({ ids, opening, steps }) => ({ ids, steps: [...opening, ...steps] }));

/** What the client sent in the current session of a user, accepted by both servers. */
export type Item = { text: string } | { url: string };

export interface UserState {
  userId: string;
  /** A session is open on the IUT: selectDestination accepted, no close since. */
  open: boolean;
  items: Item[];
  /** Every hidden pre-chat field ever sent for the user, and every visible one. */
  hidden: Array<[string, unknown]>;
  visible: Array<[string, unknown]>;
  /** Agent actions made on both servers. */
  actions: number;
}

export interface Context {
  api: IutClient;
  driver: DriverClient;
  receiver: Receiver;
  ref: StartedReference;
  evidence: Evidence[];
  iutDestinations: string[];
  refDestinations: string[];
}

/** Fresh userIds for a sequence's two users (the user's index keeps them apart). */
export class UserIds {
  private users = new FreshUsers();
  next(ids: [string, string]): [string, string] {
    return [this.users.of(`0${ids[0]}`), this.users.of(`1${ids[1]}`)];
  }
}

/** Fields of a pre-chat value (an object, or a string holding one). */
export function pairs(v: unknown): Array<[string, unknown]> {
  const o = typeof v === 'string' ? parseJson(v) : v;
  return isObject(o) ? Object.entries(o) : [];
}

export function describeStep(s: Step, ids: string[]): string {
  const who = `user ${short(ids[s.user])}`;
  switch (s.kind) {
    case 'select':
      return `selectDestination for ${who} (destination #${s.destination}, attributes ${short(s.attributes)}, hiddenAttributes ${short(s.hiddenAttributes)})`;
    case 'text':
      return `sendText ${short(s.text)} for ${who}`;
    case 'file':
      return `sendFile ${short(s.url)} for ${who}`;
    case 'close':
      return `closeChat for ${who}`;
    case 'agent':
      return `agent ${s.acts.map((a) => (a.type === 'text' ? `text ${short(a.text)}` : a.type)).join(' and ')}${s.acts.length > 1 ? ' at the same moment' : ''} for ${who}`;
  }
}

export function describeSequence(seq: Sequence): string {
  return `the sequence for users ${short(seq.ids[0])} and ${short(seq.ids[1])}: ${seq.steps.map((s, i) => `${i + 1}. ${describeStep(s, seq.ids)}`).join('; ')}`;
}

async function refCall(ref: StartedReference, op: string, body: unknown): Promise<number> {
  const res = await fetch(`${ref.target}/${op}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.body?.cancel();
  return res.status;
}

async function refDriver(ref: StartedReference, endpoint: string, body: unknown): Promise<void> {
  const res = await fetch(`${ref.driver}/operator/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.body?.cancel();
  if (!is2xx(res.status)) throw new Error(`the reference's driver answered ${res.status} to ${endpoint}`);
}

/** The reference's chat view of a user (the oracle's side of the comparison). */
export async function refView(ref: StartedReference, userId: string): Promise<AgentChat> {
  const res = await fetch(`${ref.driver}/operator/chat?${new URLSearchParams({ userId })}`);
  const chat = (await res.json()) as AgentChat;
  return { ...chat, messages: chat.messages.filter(isObject) };
}

export function shows(chat: AgentChat, item: Item): boolean {
  return chat.messages.some((m) => m.from === 'client' && ('text' in item ? m.text === item.text : m.url === item.url));
}

/** The IUT's chat view of a user (through the driver). */
export function iutView(ctx: Context, userId: string): Promise<AgentChat> {
  return agentChat(ctx.driver, userId);
}

/** The agent's chat of each user `which` selects, as the IUT and the reference show it, user by user. */
export async function* bothViews(
  ctx: Context,
  users: UserState[],
  which: (u: UserState) => boolean,
): AsyncGenerator<{ u: UserState; iut: AgentChat; ref: AgentChat }> {
  for (const u of users.filter(which)) {
    const [iut, ref] = await Promise.all([iutView(ctx, u.userId), refView(ctx.ref, u.userId)]);
    yield { u, iut, ref };
  }
}

/**
 * Apply the sequence's steps to both servers; after each, `judge(users, i)` compares what the
 * documents fix. Agent actions are made only in open sessions (what an agent can do otherwise is
 * not specified).
 */
export async function runSequence(
  ctx: Context,
  seq: Sequence,
  userIds: [string, string],
  judge: (users: UserState[], i: number) => Promise<void>,
): Promise<UserState[]> {
  const users: UserState[] = userIds.map((userId) => ({ userId, open: false, items: [], hidden: [], visible: [], actions: 0 }));
  for (const [i, s] of seq.steps.entries()) {
    const u = users[s.user];
    const both = async (op: string, body: Record<string, unknown>): Promise<[number | undefined, number]> => {
      const [iut, ref] = await Promise.all([ctx.api.call(op, { body }), refCall(ctx.ref, op, body)]);
      ctx.evidence.push({ kind: 'note', text: `step ${i + 1}: ${op} answered ${iut.status ?? 'nothing'} by the IUT, ${ref} by the reference` });
      return [iut.status, ref];
    };
    if (s.kind === 'select') {
      const body = { userName: s.userName, attributes: s.attributes, hiddenAttributes: s.hiddenAttributes };
      const common = { userId: u.userId, ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) };
      const [iut] = await Promise.all([
        ctx.api.call('selectDestination', { body: { ...common, destinationId: ctx.iutDestinations[s.destination % ctx.iutDestinations.length] } }),
        refCall(ctx.ref, 'selectDestination', { ...common, destinationId: ctx.refDestinations[s.destination % ctx.refDestinations.length] }),
      ]);
      u.hidden.push(...pairs(s.hiddenAttributes));
      u.visible.push(...pairs(s.attributes));
      if (is2xx(iut.status)) Object.assign(u, { open: true, items: [] });
    } else if (s.kind === 'text') {
      const [iut, ref] = await both('sendText', { userId: u.userId, text: s.text });
      if (u.open && is2xx(iut) && is2xx(ref)) u.items.push({ text: s.text });
    } else if (s.kind === 'file') {
      const [iut, ref] = await both('sendFile', { userId: u.userId, url: s.url, ...(s.fileName !== undefined ? { fileName: s.fileName } : {}) });
      if (u.open && is2xx(iut) && is2xx(ref)) u.items.push({ url: s.url });
    } else if (s.kind === 'close') {
      const [iut] = await both('closeChat', { userId: u.userId, text: s.text });
      if (is2xx(iut)) Object.assign(u, { open: false, items: [] });
    } else {
      if (!u.open) continue;
      await Promise.all(s.acts.map((a) => agentAct(ctx, u.userId, a, i)));
      u.actions += s.acts.length;
      if (s.acts.some((a) => a.type === 'close')) Object.assign(u, { open: false, items: [] });
    }
    await judge(users, i);
  }
  return users;
}

async function agentAct(ctx: Context, userId: string, a: AgentAct, i: number): Promise<void> {
  ctx.evidence.push({ kind: 'note', text: `step ${i + 1}: the agent acts (${a.type}) on both servers` });
  if (a.type === 'text') {
    await Promise.all([ctx.driver.post('operator/agent-text', { userId, text: a.text }), refDriver(ctx.ref, 'agent-text', { userId, text: a.text })]);
  } else if (a.type === 'file') {
    const body = { userId, url: agentFile(ctx.receiver, a.name, a.size), name: a.name, size: a.size, comment: a.comment };
    await Promise.all([ctx.driver.post('operator/agent-file', body), refDriver(ctx.ref, 'agent-file', body)]);
  } else if (a.type === 'close') {
    await Promise.all([ctx.driver.post('operator/agent-close', { userId }), refDriver(ctx.ref, 'agent-close', { userId })]);
  } else {
    await Promise.all([
      ctx.driver.post('operator/agent-transfer', { userId, destinationId: ctx.iutDestinations[a.destination % ctx.iutDestinations.length] }),
      refDriver(ctx.ref, 'agent-transfer', { userId, destinationId: ctx.refDestinations[a.destination % ctx.refDestinations.length] }),
    ]);
  }
}
