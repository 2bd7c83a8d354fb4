/**
 * What the generated checks of omnichannel (properties.spec.ts) share: inbound events drawn from the
 * schemas of specs/omnichannel.yaml, one arbitrary per message kind the spec defines, each kept only
 * when the suite's validator accepts it (so "valid" is exactly what the spec accepts).
 *
 * The schemas leave `event` a free string (only `new_message` is processed) and `file_visitor`'s
 * `data.state` free too (only `ready` is processed): both are pinned or biased here, so that the
 * inputs are the events the platform processes. Ids (chat_id as a string, visitor.id, message.id,
 * button and file ids) come from `identifier()`: reserved URL characters, percent signs,
 * numeric-looking strings, non-ASCII.
 * @module
 */

import fc from 'fast-check';
import { arbitraryFor, identifier, pathIdentifier, text, webUrl, type Resolve, type Schema } from '../../harness/generated/arbitraries.ts';
import { describe } from '../../harness/checks/ensure.ts';
import type { SpecValidators } from '../../harness/validation/validators.ts';
import { readSpec } from '../../harness/validation/spec-loader.ts';

const schemas = (readSpec('omnichannel').components?.schemas ?? {}) as Record<string, Schema>;
export const resolve: Resolve = (ref) => {
  const s = schemas[ref.replace('#/components/schemas/', '')];
  if (!s) throw new Error(`Test bug: no schema ${ref} in specs/omnichannel.yaml`);
  return s;
};

export const KINDS = ['visitor', 'file_visitor', 'keyboard_response'] as const;
export type Kind = (typeof KINDS)[number];

export type Json = Record<string, unknown>;

/**
 * A chat_id: an integer as the document types it (small, or up to 2^53 - 1), or a string
 * (docs/readings omni-chat-id-string): numeric-looking, with reserved or percent characters, any text.
 */
export const chatIds: fc.Arbitrary<number | string> = fc.oneof(fc.nat(), fc.maxSafeNat(), fc.maxSafeNat().map(String), pathIdentifier());

/** A visitor: an id, and fields absent, empty ({}), partial or full, of any characters. */
const visitors: fc.Arbitrary<Json> = fc.record({ id: identifier(), fields: arbitraryFor({ $ref: 'VisitorFields' }, resolve) }, { requiredKeys: ['id'] });

/** The message of each kind, from its schema, with generated ids; files mostly ready. */
function messages(kind: Kind): fc.Arbitrary<Json> {
  switch (kind) {
    case 'visitor':
      return fc.record({ id: identifier(), kind: fc.constant('visitor'), text: text() });
    case 'file_visitor': {
      // FileData's fields: the url any string (the spec gives no format), mostly a URL; states mostly ready.
      const field = (name: string) => arbitraryFor(((resolve('FileData').properties ?? {}) as Record<string, Schema>)[name], resolve);
      const state = fc.oneof({ weight: 3, arbitrary: fc.constant('ready') }, { weight: 1, arbitrary: text(0, 20) });
      const url = fc.oneof(webUrl({ fragments: true }), field('url'));
      // Name and media type kept to lengths a file system and a header hold (long values: the url).
      const data = fc.record({ id: identifier(), state, name: text(0, 255), content_type: text(0, 100), size: field('size'), url });
      return fc.record({ id: identifier(), kind: fc.constant('file_visitor'), data });
    }
    case 'keyboard_response':
      return fc.record({
        id: identifier(),
        kind: fc.constant('keyboard_response'),
        data: fc.record({ button: fc.record({ id: identifier(), text: text(0, 200) }) }),
      });
  }
}

/** A valid `new_message` of one kind, as the spec defines it (checked by its validator). */
export function inboundEvents(
  kind: Kind,
  validators: SpecValidators,
  chatId: fc.Arbitrary<number | string> = chatIds,
): fc.Arbitrary<Json & { chat_id: number | string }> {
  return fc
    .record({ event: fc.constant('new_message'), chat_id: chatId, visitor: visitors, message: messages(kind) })
    .filter((b) => validators.validate('InboundRequest', b, 'generated').length === 0);
}

/** A valid `new_message` of any kind. */
export function anyInboundEvent(validators: SpecValidators, chatId?: fc.Arbitrary<number | string>): fc.Arbitrary<Json & { chat_id: number | string }> {
  return fc.oneof(...KINDS.map((k) => inboundEvents(k, validators, chatId)));
}

/** Printable ASCII without surrounding spaces: ordinary values, so that a refusal can only be for the shape. */
export const plainString = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Za-z0-9][A-Za-z0-9 .,!?@+-]{${Math.max(0, min - 1)},${max - 1}}$`));

/**
 * Ordinary valid events (printable ASCII, an integer chat_id, plain ids), whose optional parts vary:
 * visitor.fields absent, empty, partial or null where the visitor does not know them
 * (docs/readings omni-visitor-fields). Every kind, files ready.
 */
export function plainEvents(validators: SpecValidators): fc.Arbitrary<Json> {
  const field = fc.option(plainString(1, 30), { nil: null, freq: 3 });
  const fields = fc.oneof(
    fc.constant(undefined),
    fc.constant({}),
    fc.record({ name: field, login: field, phone: field, email: field, site: field }, { requiredKeys: [] }),
  );
  const id = plainString(1, 20);
  const message = fc.oneof(
    fc.record({ id, kind: fc.constant('visitor'), text: plainString(1, 200) }),
    fc.record({ id, fileId: id, name: plainString(1, 30), size: fc.nat() }).map((f) => ({
      id: f.id,
      kind: 'file_visitor',
      data: {
        id: f.fileId,
        state: 'ready',
        name: f.name,
        content_type: 'application/pdf',
        size: f.size,
        url: `https://files.example.com/${encodeURIComponent(f.fileId)}`,
      },
    })),
    fc.record({ id, kind: fc.constant('keyboard_response'), data: fc.record({ button: fc.record({ id, text: plainString(1, 40) }) }) }),
  );
  return fc
    .record({ chatId: fc.integer({ min: 1, max: 2 ** 31 - 1 }), visitorId: id, fields, message })
    .map(({ chatId, visitorId, fields: f, message: m }) => ({
      event: 'new_message',
      chat_id: chatId,
      visitor: f === undefined ? { id: visitorId } : { id: visitorId, fields: f },
      message: m,
    }))
    .filter((b) => validators.validate('InboundRequest', b, 'generated').length === 0);
}

/** A short readable form of a value for failure sentences (whole JSON, cut at 300 characters). */
export function shown(v: unknown): string {
  const s = JSON.stringify(v) ?? describe(v);
  return s.length > 300 ? `${s.slice(0, 300)}… (${s.length} characters)` : s;
}

/** A copy of the body without the key (a top-level one, or `visitor.id`). */
export function withoutPath(body: Json, key: string): Json {
  if (key === 'visitor.id') {
    const { id: _id, ...visitor } = body.visitor as Json;
    return { ...body, visitor };
  }
  const { [key]: _gone, ...rest } = body;
  return rest;
}

/** Layout characters (gen-text-layout, SHOULD) and control characters: left out where characters are graded at MUST. */
export function charactersOnly(s: string): boolean {
  return !/[\u0000-\u001f\u007f<>&]/.test(s) && s === s.trim() && s.length > 0;
}
