import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { AddressInfo } from 'node:net';
import { prometheusHeadStartMs, writePrometheus } from './writePrometheus';
import { ReplaySeries, ReplayTargetError } from './types';

/** A stand-in for Prometheus' HTTP API: answers /api/v1/status/tsdb, records every other call. */
async function fakePrometheus(headStats: object | undefined, status = 200) {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    if (req.url === '/api/v1/status/tsdb') {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'success', data: headStats === undefined ? {} : { headStats } }));
      return;
    }
    res.writeHead(204);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, calls, close: () => new Promise((resolve) => server.close(resolve)) };
}

const HEAD_START = Date.parse('2026-11-24T18:00:00Z');
const series = (lastMs: number): ReplaySeries[] => [
  {
    name: 'node_load1',
    labels: { instance: 'h', job: 'sentinel-scenario' },
    timestampsMs: [lastMs - 15_000, lastMs],
    values: [1, 2],
  },
];

describe('prometheusHeadStartMs', () => {
  it('reads the head’s first time, and treats an empty head as none', async () => {
    const live = await fakePrometheus({ numSeries: 500, minTime: HEAD_START, maxTime: HEAD_START + 1 });
    const empty = await fakePrometheus({ numSeries: 0, minTime: 9223372036854775807, maxTime: -9223372036854775808 });
    try {
      expect(await prometheusHeadStartMs(live.url)).toBe(HEAD_START);
      expect(await prometheusHeadStartMs(empty.url)).toBeUndefined();
    } finally {
      await live.close();
      await empty.close();
    }
  });

  it('says what is wrong when the server gives no head statistics or cannot be reached', async () => {
    const odd = await fakePrometheus(undefined);
    try {
      await expect(prometheusHeadStartMs(odd.url)).rejects.toThrow(/without headStats.minTime/);
    } finally {
      await odd.close();
    }
    await expect(prometheusHeadStartMs('http://127.0.0.1:9')).rejects.toThrow(ReplayTargetError);
  });
});

describe('writePrometheus', () => {
  it('refuses data reaching into the head before deleting, writing or restarting anything', async () => {
    const prom = await fakePrometheus({ numSeries: 500, minTime: HEAD_START, maxTime: HEAD_START + 3_600_000 });
    let restarted = false;
    try {
      const target = {
        baseUrl: prom.url,
        dataDir: path.join(os.tmpdir(), 'never-written'),
        restart: async () => void (restarted = true),
      };
      const write = writePrometheus(target, series(HEAD_START), true);
      await expect(write).rejects.toThrow(ReplayTargetError);
      await expect(writePrometheus(target, series(HEAD_START + 60_000), true)).rejects.toThrow(
        /into Prometheus' head .* 2026-11-24T18:00:00.000Z/
      );
      expect(prom.calls).toEqual(['GET /api/v1/status/tsdb', 'GET /api/v1/status/tsdb']);
      expect(restarted).toBe(false);
    } finally {
      await prom.close();
    }
  });

  it('goes on to replace the old copy when the data ends before the head', async () => {
    const prom = await fakePrometheus({ numSeries: 500, minTime: HEAD_START, maxTime: HEAD_START + 3_600_000 });
    let cleanup = () => undefined as void;
    try {
      // A data folder under a plain file: promtool (or its absence) fails there, even as root,
      // which is enough to see the guard let the write through.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'write-prom-'));
      cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
      const file = path.join(dir, 'not-a-dir');
      fs.writeFileSync(file, '');
      const target = { baseUrl: prom.url, dataDir: path.join(file, 'prometheus'), restart: async () => undefined };
      await expect(
        writePrometheus(target, series(HEAD_START - 1), true, ['{job="sentinel-scenario"}'])
      ).rejects.toThrow(/promtool/);
      expect(prom.calls).toContain(
        `POST /api/v1/admin/tsdb/delete_series?match[]=${encodeURIComponent('{job="sentinel-scenario"}')}`
      );
    } finally {
      cleanup();
      await prom.close();
    }
  });
});
