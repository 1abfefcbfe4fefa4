/** What Grafana's template service tells a custom format function about the variable. */
export interface FormattedVariable {
  multi?: boolean;
  includeAll?: boolean;
}

/** The characters Go's regexp.QuoteMeta escapes; the backend quotes instance names the same way (pkg/fleet/selectors.go). */
const REGEX_META = /[\\.+*?()|[\]{}^$]/g;

/** Escapes for the inside of a double-quoted PromQL string, so a value can neither end the string nor hold an invalid escape. */
function promqlString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * Formats a variable's value for a PromQL label matcher, as Grafana's Prometheus datasource does:
 * a single-valued variable is inserted as written (so `instance="$host"` matches exactly and a
 * value may itself be a regex for `=~`); a multi-value or All variable becomes `(a|b)` of
 * regex-quoted values, for `instance=~"$host"`.
 *
 * Grafana's plain 'regex' format is not enough here: it escapes with one backslash, and PromQL's
 * double-quoted strings reject `\.` (an instance like 10.0.0.1:9100 would fail to parse), so
 * every backslash is doubled for the string literal, as the Prometheus datasource does.
 */
export function promqlLabelValue(value: unknown, variable?: FormattedVariable): string {
  const multiValued = Boolean(variable?.multi || variable?.includeAll);
  if (!multiValued) {
    return promqlString(Array.isArray(value) ? value.join(',') : String(value ?? ''));
  }
  const values = (Array.isArray(value) ? value : [value]).map((v) =>
    promqlString(String(v).replace(REGEX_META, '\\$&'))
  );
  return values.length === 1 ? values[0] : `(${values.join('|')})`;
}
