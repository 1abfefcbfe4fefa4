import '../testUtils/sceneTestEnv';
import { LoadingState, PanelData, createDataFrame, getDefaultTimeRange } from '@grafana/data';
import { dataStatus } from './DataStatusBanner';

function data(state: LoadingState, extra: Partial<PanelData> = {}): PanelData {
  return { state, series: [], timeRange: getDefaultTimeRange(), ...extra };
}

test('loading until the query answers', () => {
  expect(dataStatus(undefined, 'none')).toEqual({ kind: 'loading' });
  expect(dataStatus(data(LoadingState.Loading), 'none')).toEqual({ kind: 'loading' });
});

test("an error carries the datasource's messages, each once", () => {
  const status = dataStatus(
    data(LoadingState.Error, {
      errors: [
        { message: 'query A: host selector is not label matchers' },
        { message: 'query A: host selector is not label matchers' },
        { data: { message: 'upstream timeout' } },
      ],
    }),
    'none'
  );
  expect(status).toEqual({ kind: 'error', message: 'query A: host selector is not label matchers; upstream timeout' });
});

test('an answer without series is "empty" with the page\'s explanation', () => {
  expect(dataStatus(data(LoadingState.Done), 'No host matched')).toEqual({ kind: 'empty', message: 'No host matched' });
  expect(dataStatus(data(LoadingState.Done, { series: [createDataFrame({ fields: [] })] }), 'x')).toEqual({
    kind: 'ok',
  });
});
