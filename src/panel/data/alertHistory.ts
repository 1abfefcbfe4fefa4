import { z } from 'zod';
import { getBackendSrv } from '@grafana/runtime';
import type { DataFrame } from '@grafana/data';

/** An alert or annotation mark on the timeline. */
export interface TimelineMark {
  timeMs: number;
  timeEndMs?: number;
  text: string;
  source: 'alert-history' | 'dashboard';
  /** Alert state (Alerting, Normal, Pending…) for alert history. */
  state?: string;
}

const annotationList = z.array(
  z.object({
    time: z.number(),
    timeEnd: z.number().optional(),
    text: z.string().optional(),
    newState: z.string().optional(),
    alertName: z.string().optional(),
  })
);

/**
 * Grafana's alert state history for the range (the annotations API with type=alert, which
 * Grafana-managed rules write when they change state). Returns [] with the reason when the user
 * may not read it, so the risk still draws.
 */
export async function fetchAlertHistory(fromMs: number, toMs: number): Promise<{ marks: TimelineMark[]; error?: string }> {
  try {
    const body = await getBackendSrv().get('/api/annotations', { type: 'alert', from: fromMs, to: toMs, limit: 500 }, undefined, {
      showErrorAlert: false,
    });
    const parsed = annotationList.safeParse(body);
    if (!parsed.success) {
      return { marks: [], error: `alert history: unexpected answer (${parsed.error.issues[0]?.message})` };
    }
    return {
      marks: parsed.data.map((a) => ({
        timeMs: a.time,
        timeEndMs: a.timeEnd && a.timeEnd > a.time ? a.timeEnd : undefined,
        text: [a.alertName, a.newState, a.text].filter(Boolean).join(' · '),
        source: 'alert-history',
        state: a.newState,
      })),
    };
  } catch (err) {
    return { marks: [], error: `alert history unavailable: ${(err as { status?: number }).status ?? ''} ${(err as Error).message ?? ''}`.trim() };
  }
}

/** The dashboard's annotations as Grafana hands them to the panel (PanelData.annotations). */
export function marksFromAnnotationFrames(frames: DataFrame[] | undefined): TimelineMark[] {
  const marks: TimelineMark[] = [];
  for (const frame of frames ?? []) {
    const time = frame.fields.find((f) => f.name === 'time');
    const timeEnd = frame.fields.find((f) => f.name === 'timeEnd');
    const text = frame.fields.find((f) => f.name === 'text' || f.name === 'title');
    if (!time) {
      continue;
    }
    for (let i = 0; i < frame.length; i++) {
      const t = Number(time.values[i]);
      if (!Number.isFinite(t)) {
        continue;
      }
      const end = timeEnd ? Number(timeEnd.values[i]) : NaN;
      marks.push({ timeMs: t, timeEndMs: end > t ? end : undefined, text: String(text?.values[i] ?? ''), source: 'dashboard' });
    }
  }
  return marks;
}
