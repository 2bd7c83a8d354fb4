/**
 * The one table of sources: every check cites a document from here and a section of it.
 * Keys are short names used in the suites. `file` is the stable document id that `results.json`
 * carries in `source.document` (the public interface's field, kept for comparing reports across versions);
 * `title` and `url` are what people read: the public page that states the rule.
 *
 * `readings` is this project's own page of readings (docs/READINGS.md and docs/readings/*.md): where
 * a document is silent or ambiguous, the reading the suite takes. A check citing it names a reading by
 * its anchor (`section: 'chat-events-cid'`); the anchor's prefix names the page.
 * @module
 */

import type { Profile } from '../config/run-config.ts';

/** Every document a check can cite, by the short name the suites use. */
export const DOCUMENTS = {
  aimylogic: {
    file: '000_7e10e15c1a66dcd6.txt',
    title: 'Aimylogic — Operator API',
    url: 'https://help.aimylogic.com/docs/en/publication_channels/operator_api',
  },
  tovie: {
    file: '001_8408f8b31a66f68f.txt',
    title: 'Tovie DialogStudio — Operator API',
    url: 'https://help.cloud.tovie.ai/ds/publication_channels/operator_api',
  },
  jaicp: {
    file: '002_076e16f58a013e4f.txt',
    title: 'JAICP — Operator API',
    url: 'https://help.cloud.just-ai.com/en/jaicp/operator_api/',
  },
  chatApi: {
    file: '003_07f391d026235def.txt',
    title: 'Aimylogic — Chat API',
    url: 'https://help.aimylogic.com/docs/en/publication_channels/chat_api',
  },
  omnichannel: {
    file: '004_ac747f5f4d18239e.txt',
    title: 'GMS Chatbots Platform — Public asynchronous API “Omnichannel” connectivity',
    url: 'https://developers.gms.net/chatbots-platform/channels-connectivity/public-asynchronous-api-omnichannel-connectivity/',
  },
  readings: {
    file: 'READINGS.md',
    title: 'channel-conformance — Readings',
    url: 'docs/READINGS.md',
  },
  driver: {
    file: 'driver-protocol',
    title: 'channel-conformance — Driver protocol',
    url: 'README.md#driver-protocol',
  },
} as const;

export type DocumentKey = keyof typeof DOCUMENTS | 'operator';

export interface Source {
  /** Stable document id (the public interface): the seed file name, `READINGS.md` or `driver-protocol`. */
  document: string;
  section: string;
  /** Addition: the document's title, "Aimylogic — Operator API". */
  title: string;
  /** Addition: the public address of the page (for a reading, the page and its anchor). */
  url: string;
  /** Addition: why this page is cited rather than the one the profile names. */
  note?: string;
}

/** The readings pages, by the prefix of a reading's anchor. */
export const READING_PAGES: Record<string, string> = {
  gen: 'docs/readings/general.md',
  op: 'docs/readings/operator-api.md',
  chat: 'docs/readings/chat-api.md',
  omni: 'docs/readings/omnichannel.md',
};

export function readingPage(anchor: string): string | undefined {
  return READING_PAGES[anchor.split('-')[0]];
}

/**
 * JAICP's page lists the methods (its "Method support" table and the "Getting started" tip on
 * setWebhook) and nothing of their fields or events: those are stated by the Aimylogic and Tovie
 * pages, which describe the same API. Under `--profile jaicp` a check citing any other section cites
 * the Aimylogic page, and the report says so. Under the other two profiles "Method support" is their
 * "API methods" list.
 */
const JAICP_SECTIONS = new Set(['Method support', 'Getting started']);

/** `operator` stands for the Operator API document of the chosen profile. */
export function source(doc: DocumentKey, section: string, profile: Profile = 'jaicp'): Source {
  if (doc === 'operator') {
    if (profile !== 'jaicp') return from(profile, JAICP_SECTIONS.has(section) ? 'API methods' : section);
    if (JAICP_SECTIONS.has(section)) return from('jaicp', section);
    return {
      ...from('aimylogic', section),
      note: 'JAICP’s Operator API page lists the methods only; the rule is stated on the Aimylogic page, which documents the same API',
    };
  }
  if (doc === 'readings') {
    const page = readingPage(section);
    return { document: DOCUMENTS.readings.file, section, title: DOCUMENTS.readings.title, url: `${page ?? DOCUMENTS.readings.url}#${section}` };
  }
  return from(doc, section);
}

function from(key: keyof typeof DOCUMENTS, section: string): Source {
  const d = DOCUMENTS[key];
  return { document: d.file, section, title: d.title, url: d.url };
}

/** Title and address of a document id as results.json carries it (reports built from old files too). */
export function describeDocument(document: string): { title: string; url: string } {
  const d = Object.values(DOCUMENTS).find((x) => x.file === document);
  return d ? { title: d.title, url: d.url } : { title: document, url: '' };
}
