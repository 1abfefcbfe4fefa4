/**
 * Test ids of the Sentinel datasource's editors, shared by jest and e2e specs. The values are the
 * ones src/components/testIds.ts used before, so existing selectors keep working.
 */
export const testIds = {
  datasourceConfig: {
    url: 'data-testid ds-url',
    authType: 'data-testid ds-auth-type',
    basicUser: 'data-testid ds-basic-user',
    basicPassword: 'data-testid ds-basic-password',
    bearerToken: 'data-testid ds-bearer-token',
    timeout: 'data-testid ds-timeout',
    maxSeries: 'data-testid ds-max-series',
    maxPoints: 'data-testid ds-max-points',
    modelDir: 'data-testid ds-model-dir',
    maxHosts: 'data-testid ds-max-hosts',
    shardSize: 'data-testid ds-shard-size',
    fetchConcurrency: 'data-testid ds-fetch-concurrency',
    queryBudget: 'data-testid ds-query-budget',
    featureQueries: 'data-testid ds-feature-queries',
    error: 'data-testid ds-error',
  },
  queryEditor: {
    queryType: 'data-testid qe-query-type',
    expr: 'data-testid qe-expr',
    step: 'data-testid qe-step',
    instant: 'data-testid qe-instant',
    hostSelector: 'data-testid qe-host-selector',
    output: 'data-testid qe-output',
    modelVersion: 'data-testid qe-model-version',
    modelList: 'data-testid qe-model-list',
    modelListError: 'data-testid qe-model-list-error',
    top: 'data-testid qe-top',
    threshold: 'data-testid qe-threshold',
  },
};
