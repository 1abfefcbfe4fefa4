/**
 * The model's features as the config page maps them: the default PromQL template of each, the
 * user's overrides, and rendering a template for a host selector.
 *
 * featureSpec.ts has no imports (no tfjs), so importing it keeps the config page's chunk small;
 * featureQueries.test.ts fails if that changes.
 */
import {
  DEFAULT_FEATURES,
  DEFAULT_RATE_WINDOW,
  FeatureSpec,
  renderFeatureQuery,
} from '../../model/features/featureSpec';

export { DEFAULT_RATE_WINDOW };

/** The features the config page maps, in the model's order. */
export const MODEL_FEATURES: ReadonlyArray<Pick<FeatureSpec, 'name' | 'description' | 'promql'>> = DEFAULT_FEATURES;

/** The host selector the dashboards, the alert rule and the feature test use unless the page sets another. */
export const DEFAULT_HOST_SELECTOR = 'job="node"';

const MAX_TEMPLATE_LENGTH = 4000;

/**
 * $selector must sit inside a metric's label matchers, or the query would read every host. The
 * Go backend (pkg/plugin/featurequeries.go) applies the same rule to the datasource's copy.
 */
const SELECTOR_IN_MATCHERS = /\{[^{}]*\$selector[^{}]*\}/;

/** The model's own template of a feature. */
export function defaultTemplate(name: string): string {
  const spec = MODEL_FEATURES.find((f) => f.name === name);
  if (!spec) {
    throw new Error(`"${name}" is not a feature of the model; the features are ${featureNames()}`);
  }
  return spec.promql;
}

function featureNames(): string {
  return MODEL_FEATURES.map((f) => f.name).join(', ');
}

/** The template shown for each feature: the saved override, else the model's. */
export function effectiveTemplates(saved: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(MODEL_FEATURES.map((f) => [f.name, saved?.[f.name] ?? f.promql]));
}

/** Only the entries that differ from the model's template (trimmed), so a model update reaches untouched features. */
export function overriddenTemplates(templates: Record<string, string>): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const f of MODEL_FEATURES) {
    const template = templates[f.name]?.trim();
    if (template !== undefined && template !== f.promql) {
      overrides[f.name] = template;
    }
  }
  return overrides;
}

/** The first problem with the templates, naming the feature and what to do; undefined if none. */
export function templateProblem(templates: Record<string, string>): string | undefined {
  for (const name of Object.keys(templates)) {
    if (!MODEL_FEATURES.some((f) => f.name === name)) {
      return `Feature mapping names "${name}", which is not a feature of the model; the features are ${featureNames()}.`;
    }
  }
  for (const f of MODEL_FEATURES) {
    const template = (templates[f.name] ?? f.promql).trim();
    if (template === '') {
      return `Feature "${f.name}": the PromQL template is empty; press Reset to use the model's query.`;
    }
    if (template.length > MAX_TEMPLATE_LENGTH) {
      return `Feature "${f.name}": the PromQL template is ${template.length} characters long; at most ${MAX_TEMPLATE_LENGTH} are allowed.`;
    }
    if (!SELECTOR_IN_MATCHERS.test(template)) {
      return `Feature "${f.name}": put $selector inside a metric's label matchers, e.g. node_load1{$selector}, so the query reads only the selected hosts.`;
    }
  }
  return undefined;
}

/** Throws with the reason when the selector is not a list of label matchers like job="node". */
export function checkHostSelector(selector: string): void {
  renderFeatureQuery({ name: 'host_selector', description: '', unit: 'ratio', promql: '{$selector}' }, selector);
}

/** The PromQL of a feature's template for a host selector and rate window ($selector, $rate replaced). */
export function renderTemplate(
  name: string,
  template: string,
  selector: string,
  rateWindow = DEFAULT_RATE_WINDOW
): string {
  return renderFeatureQuery({ name, description: '', unit: 'ratio', promql: template }, selector, rateWindow);
}
