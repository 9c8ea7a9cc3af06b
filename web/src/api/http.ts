// The one HTTP wrapper of the web UI: same-origin fetch, CSRF header on writes,
// and the server's error envelope turned into a typed ApiError with a translated message.
import { i18n } from '@/locales';

/** Error codes the server may put in `error.code`; see docs/architecture.md. */
export const ERROR_CODES = [
  'invalid_argument',
  'malformed',
  'not_found',
  'already_exists',
  'conflict',
  'permission_denied',
  'unauthenticated',
  'rate_limited',
  'payload_too_large',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failed API call: the envelope's fields plus the HTTP status (0 when the network failed). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly field: string | null;
  readonly request_id: string | null;
  /** Seconds from the Retry-After header of a 429 or 503, when present. */
  readonly retry_after: number | null;

  constructor(init: {
    status: number;
    code: ErrorCode;
    message: string;
    field?: string | null;
    request_id?: string | null;
    retry_after?: number | null;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.field = init.field ?? null;
    this.request_id = init.request_id ?? null;
    this.retry_after = init.retry_after ?? null;
  }
}

/** Hooks the app installs at start-up (tests install their own). */
export interface HttpHooks {
  /** The CSRF token to send on non-GET requests, or null before login. */
  csrfToken: () => string | null;
  /** Shows an error to the user: a translated title and the server's message as detail. */
  notify: (title: string, detail: string) => void;
  /** Called when any non-silent request answers 401 (session gone). */
  onUnauthenticated: () => void;
}

let hooks: HttpHooks = {
  csrfToken: () => null,
  notify: () => undefined,
  onUnauthenticated: () => undefined,
};

/** Installs the hooks; call once from main.ts. */
export function configureHttp(h: Partial<HttpHooks>): void {
  hooks = { ...hooks, ...h };
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'malformed';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'permission_denied';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 422:
      return 'invalid_argument';
    case 429:
      return 'rate_limited';
    case 503:
      return 'unavailable';
    default:
      return 'internal';
  }
}

function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === 'string' && (ERROR_CODES as readonly string[]).includes(v);
}

/**
 * Builds an ApiError from a failed response's status, body text and Retry-After header.
 * A body that is not the envelope still yields an error whose code follows the status.
 */
export function parseErrorEnvelope(
  status: number,
  bodyText: string,
  retryAfter: string | null = null,
): ApiError {
  let code = codeForStatus(status);
  let message = bodyText.slice(0, 200);
  let field: string | null = null;
  let requestId: string | null = null;
  try {
    const parsed: unknown = JSON.parse(bodyText);
    const err = (parsed as { error?: Record<string, unknown> } | null)?.error;
    if (err && typeof err === 'object') {
      if (isErrorCode(err.code)) code = err.code;
      if (typeof err.message === 'string') message = err.message;
      if (typeof err.field === 'string' && err.field !== '') field = err.field;
      if (typeof err.request_id === 'string') requestId = err.request_id;
    }
  } catch {
    // Not JSON (a proxy page, an empty body): keep the status-derived code.
  }
  const seconds = retryAfter !== null ? Number.parseInt(retryAfter, 10) : NaN;
  return new ApiError({
    status,
    code,
    message,
    field,
    request_id: requestId,
    retry_after: Number.isFinite(seconds) ? seconds : null,
  });
}

/** The translated, user-facing title for an error code (i18n key `error.<code>`). */
export function errorTitle(err: ApiError): string {
  return i18n.global.t(`error.${err.code}`);
}

/** The translated title followed by the server's message, for inline display. */
export function describeError(err: unknown): string {
  if (!(err instanceof ApiError)) return String(err);
  const title = errorTitle(err);
  return err.message && err.message !== title ? `${title}: ${err.message}` : title;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON, or as multipart/form-data when it is a FormData. */
  body?: unknown;
  /** When true, errors are only thrown: no toast, no redirect to login. */
  silent?: boolean;
}

function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * Sends one request and returns the parsed JSON body (undefined for 204).
 * Throws ApiError on any non-2xx answer or network failure, after notifying unless silent.
 */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}) {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // A FormData body goes as is: the browser sets multipart/form-data with its boundary.
  const isForm = typeof FormData !== 'undefined' && opts.body instanceof FormData;
  if (opts.body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const token = hooks.csrfToken();
    if (token) headers['X-CSRF-Token'] = token;
  }
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: isForm
        ? (opts.body as FormData)
        : opts.body !== undefined
          ? JSON.stringify(opts.body)
          : undefined,
    });
  } catch (e) {
    const err = new ApiError({ status: 0, code: 'internal', message: String(e) });
    if (!opts.silent) hooks.notify(errorTitle(err), err.message);
    throw err;
  }
  if (!res.ok) {
    const err = parseErrorEnvelope(res.status, await res.text(), res.headers.get('Retry-After'));
    if (!opts.silent) {
      hooks.notify(errorTitle(err), err.message);
      if (err.status === 401) hooks.onUnauthenticated();
    }
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const http = {
  get: <T>(path: string, query?: Query, silent?: boolean) =>
    request<T>('GET', path, { query, silent }),
  post: <T>(path: string, body?: unknown, silent?: boolean) =>
    request<T>('POST', path, { body, silent }),
  patch: <T>(path: string, body?: unknown, silent?: boolean) =>
    request<T>('PATCH', path, { body, silent }),
  del: <T>(path: string, silent?: boolean) => request<T>('DELETE', path, { silent }),
};

/** The paged-list answer shape shared by every list endpoint. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
}
