/** The stack's URLs as scripts/stack prints them (`scripts/stack env`). */
export const stack = {
  promUrl: process.env.SENTINEL_PROM_URL ?? 'http://127.0.0.1:19090',
  vmUrl: process.env.SENTINEL_VM_URL ?? 'http://127.0.0.1:18428',
};

export interface MatrixSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

/** A range query over the real HTTP API; throws with the server's message on failure. */
export async function queryRange(baseUrl: string, expr: string, start: number, end: number, step: number): Promise<MatrixSeries[]> {
  const body = new URLSearchParams({ query: expr, start: String(start), end: String(end), step: String(step) });
  const response = await fetch(new URL('/api/v1/query_range', baseUrl), { method: 'POST', body });
  const payload = (await response.json()) as { status: string; error?: string; data?: { result: MatrixSeries[] } };
  if (payload.status !== 'success' || !payload.data) {
    throw new Error(`${baseUrl} query_range ${expr}: ${payload.error ?? response.status}`);
  }
  return payload.data.result;
}

/** The raw samples of a range selector at one instant (an instant query of `selector[range]`). */
export async function rawSamples(baseUrl: string, selector: string, range: string, at: number): Promise<MatrixSeries[]> {
  const body = new URLSearchParams({ query: `${selector}[${range}]`, time: String(at) });
  const response = await fetch(new URL('/api/v1/query', baseUrl), { method: 'POST', body });
  const payload = (await response.json()) as { status: string; error?: string; data?: { result: MatrixSeries[] } };
  if (payload.status !== 'success' || !payload.data) {
    throw new Error(`${baseUrl} query ${selector}[${range}]: ${payload.error ?? response.status}`);
  }
  return payload.data.result;
}
