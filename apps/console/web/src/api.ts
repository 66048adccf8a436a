/**
 * The console API from the browser: same origin, the session cookie sent by the browser (the
 * token never touches script-readable storage or a URL). A non-2xx answer is an ApiError with
 * the status and, for a 400, each field path and its messages.
 */

export interface FieldProblem {
  path: string;
  messages: string[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** Called on any 401, so the app can return to the login page. */
let onUnauthorized: () => void = () => undefined;
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : null;
  if (response.ok) return parsed as T;
  if (response.status === 401 && path !== '/api/v1/session') onUnauthorized();
  const error = (parsed ?? {}) as { message?: unknown; fields?: FieldProblem[] };
  const message = Array.isArray(error.message)
    ? error.message.join('; ')
    : typeof error.message === 'string'
      ? error.message
      : `${response.status} ${response.statusText}`;
  throw new ApiError(response.status, message, error.fields ?? []);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown) => api<T>('POST', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

export function entityPath(type: string, value: string): string {
  return `/entities/${encodeURIComponent(type)}/${encodeURIComponent(value)}`;
}
