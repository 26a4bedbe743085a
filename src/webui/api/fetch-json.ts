// GET a JSON document with a deadline. Every failure becomes a FetchError
// whose message says what went wrong (the page says what it was fetching).

export class FetchError extends Error {
  readonly code = 'FETCH_FAILED';
  constructor(
    message: string,
    readonly url: string,
    /** The HTTP status, or 0 when no answer came. */
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FetchError';
  }
}

export async function fetchJson<T>(url: string, timeoutMs = 10_000): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    throw new FetchError(timedOut ? `no answer within ${timeoutMs / 1000} s` : `no answer (${error instanceof Error ? error.message : String(error)})`, url, 0, { cause: error });
  }
  const text = await response.text().catch(() => '');
  // The master's and agents' errors are one line of text naming what is wrong.
  if (!response.ok) throw new FetchError(`${response.status} ${text.trim().split('\n')[0] || response.statusText}`, url, response.status);
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new FetchError('the answer is not JSON', url, response.status, { cause: error });
  }
}
