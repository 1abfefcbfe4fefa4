/**
 * Grafana's alert state history, as annotations. Grafana writes each transition's text as
 * `<rule title> {<labels as k=v, k=v>} - <values>`, so a host's transitions are those whose labels
 * hold `instance=<host>`.
 */
import type { AlertAnnotation } from '../shared/sentinelApi';

export interface AlertTransition {
  id: number;
  timeMs: number;
  rule: string;
  from: string;
  to: string;
  values: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function labelsOf(text: string): string | undefined {
  const m = /\{([^{}]*)\}/.exec(text);
  return m ? m[1] : undefined;
}

export function mentionsHost(annotation: AlertAnnotation, instance: string): boolean {
  const labels = labelsOf(annotation.text);
  if (labels === undefined) {
    return false;
  }
  const value = escapeRegExp(instance);
  return new RegExp(`(^|,\\s*)instance=("${value}"|${value})(\\s*,|$)`).test(labels.trim());
}

/** The host's transitions, newest first. */
export function hostAlertTransitions(annotations: AlertAnnotation[], instance: string): AlertTransition[] {
  return annotations
    .filter((a) => mentionsHost(a, instance))
    .map((a) => {
      const dash = a.text.indexOf('} - ');
      return {
        id: a.id,
        timeMs: a.time,
        rule: a.alertName ?? a.text.slice(0, Math.max(0, a.text.indexOf(' {'))).trim(),
        from: a.prevState ?? '',
        to: a.newState ?? '',
        values: dash >= 0 ? a.text.slice(dash + 4).trim() : '',
      };
    })
    .sort((x, y) => y.timeMs - x.timeMs);
}
