import type { ReferenceOptions, StartedReference, SuiteId } from './types.ts';

/** Start the bundled reference implementation of a suite (loaded on demand). */
export async function startReference(suite: SuiteId, opts: ReferenceOptions = {}): Promise<StartedReference> {
  switch (suite) {
    case 'operator-api':
      return (await import('./operator-api/index.ts')).start(opts);
    case 'chat-api':
      return (await import('./chat-api/index.ts')).start(opts);
    case 'omnichannel':
      return (await import('./omnichannel/index.ts')).start(opts);
    case 'operator-api-platform':
      return (await import('./operator-api-platform/index.ts')).start(opts);
    case 'omnichannel-client':
      return (await import('./omnichannel-client/index.ts')).start(opts);
    default:
      throw new Error(`no bundled reference implementation for ${suite} yet`);
  }
}
