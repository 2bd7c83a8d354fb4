import type { Profile } from '../config/run-config.ts';

/**
 * The one table of sources (style.md §2): every check cites a document from here and a section of it.
 * Keys are short names used in the suites; values are the file names of ../shared/seeds and
 * ../shared/design that the report shows.
 */
export const DOCUMENTS = {
  aimylogic: '000_7e10e15c1a66dcd6.txt',
  tovie: '001_8408f8b31a66f68f.txt',
  jaicp: '002_076e16f58a013e4f.txt',
  chatApi: '003_07f391d026235def.txt',
  omnichannel: '004_ac747f5f4d18239e.txt',
  assumptions: 'assumptions.md',
  interface: 'interface.md',
} as const;

export type DocumentKey = keyof typeof DOCUMENTS | 'operator';

export interface Source {
  document: string;
  section: string;
}

/**
 * `operator` stands for the Operator API document of the chosen profile. JAICP's page lists the
 * methods but points elsewhere for their fields, so sections beyond the method list cite Aimylogic's
 * page, which JAICP's engine shares.
 */
const JAICP_SECTIONS = /^(Method support|POST \/setWebhook|GET \/getDestinations|POST \/selectDestination|POST \/sendText|POST \/sendFile|POST \/closeChat)$/;

export function source(doc: DocumentKey, section: string, profile: Profile = 'jaicp'): Source {
  if (doc === 'operator') {
    if (profile === 'jaicp') return { document: JAICP_SECTIONS.test(section) ? DOCUMENTS.jaicp : DOCUMENTS.aimylogic, section };
    return { document: DOCUMENTS[profile], section };
  }
  return { document: DOCUMENTS[doc], section };
}
