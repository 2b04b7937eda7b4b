/**
 * The one way the UI calls the API: by operationId, with the path, query and body types of the
 * API's own contract (src/generated/api-contract.ts) — a field the API renames or removes breaks
 * the UI's type check, not a user's screen.
 *
 * The session is an httpOnly cookie the browser sends by itself; every request that changes
 * something carries the session's CSRF token in x-csrf-token.
 */
import { operations, type ApiErrorBody, type Operations } from '../generated/api-contract';

export type OperationId = keyof Operations;
export type Answer<K extends OperationId> = Operations[K]['answer'];
export type Body<K extends OperationId> = Operations[K]['body'];
export type Query<K extends OperationId> = Operations[K]['query'];

type Nothing = Record<string, never>;

/** What a call needs: its path parameters, query and body, each only when the operation has one. */
export type CallInput<K extends OperationId> = (Operations[K]['params'] extends Nothing
  ? { params?: undefined }
  : { params: Operations[K]['params'] }) &
  (Operations[K]['query'] extends Nothing ? { query?: undefined } : { query?: Query<K> }) &
  (Body<K> extends undefined ? { body?: undefined } : { body: Body<K> }) & {
    signal?: AbortSignal;
  };

/** A failed call: the HTTP status and the API's error model when it answered one. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | undefined,
    /** Seconds to wait, from Retry-After on a 429. */
    readonly retryAfter: number | undefined,
  ) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiFailure';
  }

  get code(): string | undefined {
    return this.body?.error;
  }
}

let csrfToken: string | undefined;
let onUnauthenticated: (() => void) | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when a signed-in call answers 401: the session ended (timeout, signed out elsewhere). */
export function whenSessionEnds(handler: () => void): void {
  onUnauthenticated = handler;
}

export function urlOf<K extends OperationId>(id: K, input: CallInput<K>): string {
  const { path } = operations[id];
  const params = (input.params ?? {}) as Record<string, string>;
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(params[name] ?? ''),
  );
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(
    (input.query ?? {}) as Record<string, string | number | boolean | undefined>,
  )) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const query = search.toString();
  return `/api${filled}${query ? `?${query}` : ''}`;
}

export async function call<K extends OperationId>(
  id: K,
  input: CallInput<K> = {} as CallInput<K>,
): Promise<Answer<K>> {
  const { method, roles } = operations[id];
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'get') {
    headers['content-type'] = 'application/json';
    if (csrfToken) headers['x-csrf-token'] = csrfToken;
  }
  const response = await fetch(urlOf(id, input), {
    method: method.toUpperCase(),
    headers,
    credentials: 'same-origin',
    ...(input.body !== undefined ? { body: JSON.stringify(input.body) } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  if (!response.ok) {
    let body: ApiErrorBody | undefined;
    try {
      body = (await response.json()) as ApiErrorBody;
    } catch {
      body = undefined;
    }
    const retryAfter = Number(response.headers.get('retry-after')) || undefined;
    const signedInCall = !(roles as readonly string[]).includes('anyone');
    if (response.status === 401 && signedInCall) onUnauthenticated?.();
    throw new ApiFailure(response.status, body, retryAfter);
  }
  if (response.status === 204) return undefined;
  return (await response.json()) as Answer<K>;
}
