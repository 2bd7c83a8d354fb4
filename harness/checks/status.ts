import type { HttpResult } from '../http/http-client.ts';

/**
 * Did the request get a 2xx answer? Any 2xx, wherever a document says 200 (reading gen-2xx-for-200);
 * no answer at all (refused, reset, timed out) is not one.
 */
export function is2xx(res: Pick<HttpResult, 'status'>): boolean {
  return res.status !== undefined && res.status >= 200 && res.status < 300;
}
