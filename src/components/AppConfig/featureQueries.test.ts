import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_FEATURES } from '../../model/features/featureSpec';
import {
  checkHostSelector,
  defaultTemplate,
  effectiveTemplates,
  MODEL_FEATURES,
  overriddenTemplates,
  renderTemplate,
  templateProblem,
} from './featureQueries';

describe('the model features the config page maps', () => {
  it('are the model’s 14 default features, in order', () => {
    expect(MODEL_FEATURES.map((f) => f.name)).toEqual(DEFAULT_FEATURES.map((f) => f.name));
    expect(MODEL_FEATURES).toHaveLength(14);
  });

  it('come from a module with no imports, so the config page does not pull tfjs into its chunk', () => {
    const source = fs.readFileSync(path.resolve(__dirname, '../../model/features/featureSpec.ts'), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\(/);
  });
});

describe('templates', () => {
  const defaults = effectiveTemplates(undefined);

  it('shows the saved override, else the model’s query', () => {
    const shown = effectiveTemplates({ memory_used: 'my_memory{$selector}' });
    expect(shown.memory_used).toBe('my_memory{$selector}');
    expect(shown.cpu_busy).toBe(defaultTemplate('cpu_busy'));
  });

  it('saves only the templates that differ from the model’s, trimmed', () => {
    expect(overriddenTemplates(defaults)).toEqual({});
    expect(overriddenTemplates({ ...defaults, cpu_busy: `  ${defaults.cpu_busy}\n` })).toEqual({});
    expect(overriddenTemplates({ ...defaults, fd_used: ' my_fd{$selector} ' })).toEqual({
      fd_used: 'my_fd{$selector}',
    });
  });

  it.each([
    [{ fd_used: '' }, /"fd_used".*empty.*Reset/],
    [{ fd_used: 'node_filefd_allocated' }, /"fd_used".*\$selector inside a metric's label matchers/],
    [{ fd_used: 'node_filefd_allocated / $selector' }, /"fd_used".*\$selector inside/],
    [{ fd_used: `x{$selector} ${'+ 1 '.repeat(1000)}` }, /"fd_used".*at most 4000/],
    [
      { no_such_feature: 'x{$selector}' },
      /"no_such_feature", which is not a feature of the model; the features are cpu_busy, /,
    ],
  ])('refuses %j', (change, message) => {
    expect(templateProblem({ ...defaults, ...change })).toMatch(message);
  });

  it('accepts the model’s own templates and a renamed metric with $selector in its matchers', () => {
    expect(templateProblem(defaults)).toBeUndefined();
    expect(templateProblem({ ...defaults, fd_used: 'my_fd{env="prod",$selector}' })).toBeUndefined();
  });

  it('renders $selector and $rate', () => {
    expect(renderTemplate('x', 'rate(a{$selector}[$rate]) / b{$selector}', 'job="node"', '5m')).toBe(
      'rate(a{job="node"}[5m]) / b{job="node"}'
    );
  });

  it('refuses a host selector that is not label matchers, saying so', () => {
    expect(() => checkHostSelector('job="node"} or vector(1')).toThrow(/not a list of label matchers/);
    expect(() => checkHostSelector('instance=~"web-.*",env="prod"')).not.toThrow();
  });
});
