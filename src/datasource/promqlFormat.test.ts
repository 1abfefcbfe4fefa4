import { promqlLabelValue } from './promqlFormat';

/** What Prometheus makes of the double-quoted string: JSON unquoting treats \\ and \" the same way. */
const unquote = (inner: string) => JSON.parse(`"${inner}"`) as string;
/** Prometheus anchors label regexes. */
const matches = (pattern: string, value: string) => new RegExp(`^(?:${pattern})$`).test(value);

describe('promqlLabelValue', () => {
  it('inserts a single-valued variable as written, escaped only for the PromQL string', () => {
    expect(promqlLabelValue('10.0.0.1:9100', { multi: false })).toBe('10.0.0.1:9100');
    expect(promqlLabelValue('web-\\d+', {})).toBe('web-\\\\d+');
    expect(unquote(promqlLabelValue('say "hi"', {}))).toBe('say "hi"');
  });

  it('turns a multi-value variable into an alternation that matches exactly its values', () => {
    const formatted = promqlLabelValue(['10.0.0.1:9100', 'web(2)'], { multi: true });
    expect(formatted).toBe('(10\\\\.0\\\\.0\\\\.1:9100|web\\\\(2\\\\))');
    const pattern = unquote(formatted);
    expect(matches(pattern, '10.0.0.1:9100')).toBe(true);
    expect(matches(pattern, 'web(2)')).toBe(true);
    // Unescaped, the dots would match any character.
    expect(matches(pattern, '10x0x0x1:9100')).toBe(false);
  });

  it('regex-quotes one selected value of a multi-value or All variable without parentheses', () => {
    expect(promqlLabelValue(['db.1'], { multi: true })).toBe('db\\\\.1');
    expect(promqlLabelValue('db.1', { includeAll: true })).toBe('db\\\\.1');
  });
});
