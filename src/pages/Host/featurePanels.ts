import { PanelBuilders, SceneCSSGridLayout, SceneQueryRunner, VizPanel } from '@grafana/scenes';
import {
  DEFAULT_FEATURES,
  DEFAULT_RATE_WINDOW,
  FeatureUnit,
  renderFeatureQuery,
} from '../../model/features/featureSpec';
import { labelMatcher } from '../shared/riskQueries';
import { FeatureSpecs } from '../shared/sentinelApi';
import { prometheusRef } from '../shared/variables';

export interface FeatureSource {
  /** The model version whose features these are ('' for the shipped defaults). */
  version: string;
  specs: FeatureSpecs;
  /** Why the shipped defaults are shown instead of the active model's features. */
  notice?: string;
}

export const SHIPPED_FEATURES: FeatureSpecs = {
  rateWindow: DEFAULT_RATE_WINDOW,
  features: DEFAULT_FEATURES.map(({ name, description, unit, promql }) => ({ name, description, unit, promql })),
};

export interface FeatureQuery {
  name: string;
  description: string;
  unit: string;
  expr: string;
}

/** Each feature's PromQL for one host, exactly as the backend renders it for scoring. */
export function featureQueries(specs: FeatureSpecs, instance: string): FeatureQuery[] {
  const selector = labelMatcher('instance', instance);
  return specs.features.map((f) => ({
    name: f.name,
    description: f.description,
    unit: f.unit,
    expr: renderFeatureQuery({ ...f, unit: f.unit as FeatureUnit }, selector, specs.rateWindow),
  }));
}

/** Grafana's unit for a feature unit of sentinel.json. */
export function grafanaUnit(unit: string): string {
  switch (unit) {
    case 'ratio':
      return 'percentunit';
    case 'bytes_per_second':
      return 'Bps';
    case 'per_second':
      return 'cps';
    default:
      return 'short';
  }
}

function featurePanel(q: FeatureQuery): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle(q.name)
    .setDescription(`${q.description}\n\n${q.expr}`)
    .setUnit(grafanaUnit(q.unit))
    .setData(
      new SceneQueryRunner({
        datasource: prometheusRef,
        queries: [{ refId: 'A', expr: q.expr, legendFormat: q.name }],
      })
    )
    .setOption('legend', { showLegend: false })
    .build();
}

export function featureGrid(source: FeatureSource, instance: string): SceneCSSGridLayout {
  return new SceneCSSGridLayout({
    templateColumns: 'repeat(auto-fill, minmax(320px, 1fr))',
    autoRows: '200px',
    children: featureQueries(source.specs, instance).map(featurePanel),
  });
}
