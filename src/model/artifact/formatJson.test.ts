import { formatJson } from './formatJson';

describe('formatJson', () => {
  const value = {
    name: 'default',
    empty: [],
    none: {},
    skipped: undefined,
    trees: [{ feature: [0, -1, 3], threshold: [0.1, Number.NaN, 1e-300], leaf: [] }],
    nested: [
      [1, 2],
      ['a', 'b'],
      [null, 2],
    ],
    mixed: [1, 'x', { z: true }, undefined],
    date: new Date(0),
  };

  it('reads back as the same value JSON.stringify gives', () => {
    expect(JSON.parse(formatJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
    for (const scalar of [1.5, 'a"b', null, true]) {
      expect(formatJson(scalar)).toBe(JSON.stringify(scalar));
    }
  });

  it('keeps arrays of numbers on one line and indents the rest by two spaces', () => {
    const text = formatJson(value);
    expect(text).toContain('"feature": [0,-1,3]');
    expect(text).toContain('"threshold": [0.1,null,1e-300]');
    expect(text).toContain('"nested": [\n    [1,2],\n    [\n      "a",');
    expect(text).toContain('"empty": [],\n  "none": {},');
    expect(text).not.toContain('skipped');
    expect(text.split('\n')[1]).toBe('  "name": "default",');
  });

  it('writes the same text as JSON.stringify(value, null, 2) where no array holds only numbers', () => {
    const plain = { a: { b: ['x', { c: 1 }], d: 'e' }, f: [true, false] };
    expect(formatJson(plain)).toBe(JSON.stringify(plain, null, 2));
  });
});
