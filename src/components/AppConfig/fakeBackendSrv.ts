/**
 * A stand-in for Grafana's backendSrv in jest: routes requests by method and URL to handlers
 * and records them. Only the config page's tests use it (jest mocks getBackendSrv at the module
 * level); the real API is exercised by tests/e2e/appConfig.spec.ts.
 */
import { Observable, of, throwError } from 'rxjs';

export interface FakeRequest {
  method: string;
  url: string;
  data?: unknown;
  headers?: Record<string, string>;
}

/** Returned by a handler to make the request fail the way backendSrv fails (a FetchError-like object). */
export class FakeHttpError {
  constructor(
    readonly status: number,
    readonly data: unknown
  ) {}
}

export function httpError(status: number, message: string): FakeHttpError {
  return new FakeHttpError(status, { message });
}

type Handler = (request: FakeRequest) => unknown;

export function fakeBackendSrv() {
  let routes: Array<{ method: string; url: string | RegExp; handler: Handler }> = [];
  const requests: FakeRequest[] = [];
  const fetch = jest.fn((request: FakeRequest): Observable<{ data: unknown; status: number }> => {
    requests.push(request);
    // The route added last wins, so a test can override the defaults.
    const route = [...routes]
      .reverse()
      .find(
        (r) =>
          r.method === request.method && (typeof r.url === 'string' ? r.url === request.url : r.url.test(request.url))
      );
    const answer = route ? route.handler(request) : httpError(404, `no fake for ${request.method} ${request.url}`);
    if (answer instanceof FakeHttpError) {
      return throwError(() => ({ status: answer.status, data: answer.data, statusText: 'error' }));
    }
    return of({ data: answer, status: 200 });
  });
  return {
    fetch,
    requests,
    on(method: string, url: string | RegExp, handler: Handler) {
      routes.push({ method, url, handler });
    },
    /** The requests made with this method to URLs matching url. */
    calls(method: string, url: string | RegExp) {
      return requests.filter((r) => r.method === method && (typeof url === 'string' ? r.url === url : url.test(r.url)));
    },
    reset() {
      routes = [];
      requests.length = 0;
      fetch.mockClear();
    },
  };
}
