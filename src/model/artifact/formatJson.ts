/**
 * sentinel.json's layout: indented like JSON.stringify(value, null, 2), except that an array of
 * numbers stays on one line. The file stays readable and diffable by field, while a failure head's
 * trees and the Isolation Forest (hundreds of thousands of numbers) no longer take a line each:
 * a head model's file went from 2.9 MB to about 0.9 MB. Numbers are written as JSON.stringify
 * writes them (shortest round-trip form), so both runtimes read the same values.
 */
export function formatJson(value: unknown, indent = '  '): string {
  return write(value, '', indent) ?? 'null';
}

function write(value: unknown, at: string, indent: string): string | undefined {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value);
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return write((value as { toJSON: () => unknown }).toJSON(), at, indent);
  }
  const inner = at + indent;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return '[]';
    }
    if (value.every((v) => typeof v === 'number' || v === null)) {
      return JSON.stringify(value);
    }
    // As JSON.stringify: an element that cannot be written (undefined, a function) is null.
    const items = value.map((v) => write(v, inner, indent) ?? 'null');
    return `[\n${inner}${items.join(`,\n${inner}`)}\n${at}]`;
  }
  const fields = Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    const written = write(v, inner, indent);
    return written === undefined ? [] : [`${JSON.stringify(key)}: ${written}`];
  });
  return fields.length === 0 ? '{}' : `{\n${inner}${fields.join(`,\n${inner}`)}\n${at}}`;
}
