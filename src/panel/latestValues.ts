import { DataFrame, FieldType, getFieldDisplayName } from '@grafana/data';

/** One series' newest finite value, for the panel's list. */
export interface LatestValue {
  name: string;
  value: number;
  timeMs: number;
}

/** The newest finite value of every numeric field of every frame; NaN and gaps are skipped, not shown as 0. */
export function latestValues(frames: DataFrame[]): LatestValue[] {
  const out: LatestValue[] = [];
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      for (let i = field.values.length - 1; i >= 0; i--) {
        const v = field.values[i];
        if (typeof v === 'number' && Number.isFinite(v)) {
          out.push({
            name: getFieldDisplayName(field, frame, frames),
            value: v,
            timeMs: Number(time?.values[i] ?? NaN),
          });
          break;
        }
      }
    }
  }
  return out.sort((a, b) => b.value - a.value);
}
