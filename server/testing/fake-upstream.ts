/** A request as the fake upstream saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  search: string;
  headers: Headers;
  body: string;
}

export type FakeRoute = (request: RecordedRequest) => Response | Promise<Response>;

const token = (now = 1_700_000_000): Response =>
  Response.json({
    code: 0,
    message: null,
    response: { access_token: 'fake-token', now, expired_at: now + 1800 },
  });

/**
 * The answer of `routes` (keyed `METHOD /path`) to `request`: getToken is answered by default,
 * anything else unrouted with i'mport's 404 envelope.
 */
export function routeAnswer<R>(
  routes: Record<string, (request: RecordedRequest) => R>,
  request: RecordedRequest,
): R | Response {
  const route = routes[`${request.method} ${request.path}`];
  if (route) return route(request);
  if (request.path === '/users/getToken') return token();
  return Response.json({ code: -1, message: 'no fake route', response: null }, { status: 404 });
}

/**
 * A `fetch` that answers from `routes` (see {@link routeAnswer}) and records every request, for
 * tests of what the client sends and how it reads odd answers without a socket in between.
 */
export function fakeUpstream(routes: Record<string, FakeRoute>): {
  fetch: typeof fetch;
  requests: RecordedRequest[];
} {
  const requests: RecordedRequest[] = [];
  const fakeFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const recorded: RecordedRequest = {
      method: request.method,
      path: decodeURIComponent(url.pathname),
      search: url.search,
      headers: request.headers,
      body: await request.text(),
    };
    requests.push(recorded);
    return routeAnswer(routes, recorded);
  };
  return { fetch: fakeFetch, requests };
}
