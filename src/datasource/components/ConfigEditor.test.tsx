import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { DataSourceSettings } from '@grafana/data';
import { ConfigEditor } from './ConfigEditor';
import { testIds } from '../testIds';
import { SentinelOptions, SentinelSecureOptions } from '../types';

type Settings = DataSourceSettings<SentinelOptions, SentinelSecureOptions>;

function getDefaultProps(overrides: Partial<Settings> = {}) {
  const options = {
    url: 'http://prometheus:9090',
    jsonData: { authType: 'bearer' },
    secureJsonFields: { bearerToken: true },
    secureJsonData: {},
    ...overrides,
  } as unknown as Settings;
  const onOptionsChange = jest.fn<void, [Settings]>();
  return { options, onOptionsChange };
}

const lastChange = (props: ReturnType<typeof getDefaultProps>) => props.onOptionsChange.mock.calls.at(-1)![0];

describe('ConfigEditor', () => {
  describe('secrets', () => {
    it('shows a saved token as configured and resets it on request', () => {
      const props = getDefaultProps();
      render(<ConfigEditor {...props} />);
      expect(screen.getByTestId(testIds.datasourceConfig.bearerToken)).toHaveValue('configured');
      fireEvent.click(screen.getByRole('button', { name: /reset/i }));
      const next = lastChange(props);
      expect(next.secureJsonFields.bearerToken).toBe(false);
      expect(next.secureJsonData?.bearerToken).toBe('');
    });

    it('resets a saved basic-auth password the same way and keeps the other secrets', () => {
      const props = getDefaultProps({
        jsonData: { authType: 'basic', basicAuthUser: 'grafana' },
        secureJsonFields: { basicAuthPassword: true, bearerToken: true },
      });
      render(<ConfigEditor {...props} />);
      fireEvent.click(screen.getByRole('button', { name: /reset/i }));
      const next = lastChange(props);
      expect(next.secureJsonFields).toEqual({ basicAuthPassword: false, bearerToken: true });
      expect(next.secureJsonData).toEqual({ basicAuthPassword: '' });
    });

    it('writes a newly typed token into secureJsonData only', () => {
      const props = getDefaultProps({ secureJsonFields: {} });
      render(<ConfigEditor {...props} />);
      fireEvent.change(screen.getByTestId(testIds.datasourceConfig.bearerToken), { target: { value: 's3cret' } });
      const next = lastChange(props);
      expect(next.secureJsonData).toEqual({ bearerToken: 's3cret' });
      expect(JSON.stringify(next.jsonData)).not.toContain('s3cret');
    });
  });

  it('switches the authentication type', () => {
    const props = getDefaultProps();
    render(<ConfigEditor {...props} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Basic' }));
    expect(lastChange(props).jsonData.authType).toBe('basic');
  });

  it('writes limits into jsonData as numbers and a cleared field as absent', () => {
    const props = getDefaultProps({ jsonData: { authType: 'none', timeoutSeconds: 30 } });
    render(<ConfigEditor {...props} />);
    fireEvent.change(screen.getByTestId(testIds.datasourceConfig.maxSeries), { target: { value: '500' } });
    expect(lastChange(props).jsonData.maxSeries).toBe(500);
    fireEvent.change(screen.getByTestId(testIds.datasourceConfig.timeout), { target: { value: '' } });
    expect(lastChange(props).jsonData).not.toHaveProperty('timeoutSeconds', expect.anything());
  });

  describe('validation', () => {
    it('shows no warning for valid settings', () => {
      render(<ConfigEditor {...getDefaultProps()} />);
      expect(screen.queryByTestId(testIds.datasourceConfig.error)).not.toBeInTheDocument();
    });

    it.each<[string, Partial<Settings>, RegExp]>([
      ['a URL without a scheme', { url: 'prometheus:9090' }, /URL must start with http/],
      ['a non-HTTP URL', { url: 'ftp://prometheus' }, /URL must start with http/],
      ['an empty URL', { url: '' }, /URL must start with http/],
      ['a zero timeout', { jsonData: { authType: 'none', timeoutSeconds: 0 } }, /Timeout must be a positive number/],
      [
        'negative max series',
        { jsonData: { authType: 'none', maxSeries: -5 } },
        /Max series must be a positive number/,
      ],
      [
        'fractional max points',
        { jsonData: { authType: 'none', maxPoints: 10.5 } },
        /Max points per series must be a whole number/,
      ],
      [
        'max hosts beyond what the backend can hold',
        { jsonData: { authType: 'none', maxHosts: 3e9 } },
        /Max hosts must be at most 2147483647/,
      ],
      ['negative max hosts', { jsonData: { authType: 'none', maxHosts: -1 } }, /Max hosts must be a positive number/],
      [
        'fractional hosts per shard',
        { jsonData: { authType: 'none', shardSize: 2.5 } },
        /Hosts per shard must be a whole number/,
      ],
      [
        'a shard larger than the series limit',
        { jsonData: { authType: 'none', maxSeries: 50, shardSize: 80 } },
        /Hosts per shard \(80\) must be at most Max series \(50\): a shard's answer holds one series per host/,
      ],
      [
        'a shard larger than the default series limit',
        { jsonData: { authType: 'none', shardSize: 1500 } },
        /Hosts per shard \(1500\) must be at most Max series \(1000\)/,
      ],
      [
        'zero concurrent requests',
        { jsonData: { authType: 'none', fetchConcurrency: 0 } },
        /Concurrent upstream requests must be a positive number/,
      ],
      [
        'fractional concurrent requests',
        { jsonData: { authType: 'none', fetchConcurrency: 1.5 } },
        /Concurrent upstream requests must be a whole number/,
      ],
      [
        'a negative query budget',
        { jsonData: { authType: 'none', queryBudgetSeconds: -30 } },
        /Query time budget must be a positive number/,
      ],
      [
        'an empty feature query',
        { jsonData: { authType: 'none', featureQueries: { load1: ' ' } } },
        /Feature query for load1 is empty; remove it on the app's configuration page/,
      ],
      [
        'a feature query without $selector in its matchers',
        { jsonData: { authType: 'none', featureQueries: { load1: 'node_load1 and on() $selector' } } },
        /Feature query for load1 must put \$selector inside a metric's label matchers/,
      ],
      ['basic auth without a user', { jsonData: { authType: 'basic' } }, /Basic authentication needs a user/],
      ['bearer auth without a token', { secureJsonFields: {} }, /Bearer authentication needs a token/],
    ])('warns about %s', (_case, overrides, message) => {
      render(<ConfigEditor {...getDefaultProps(overrides)} />);
      expect(screen.getByTestId(testIds.datasourceConfig.error)).toHaveTextContent(message);
    });
  });

  describe('risk query limits', () => {
    it.each<[string, keyof typeof testIds.datasourceConfig, keyof SentinelOptions]>([
      ['max hosts', 'maxHosts', 'maxHosts'],
      ['hosts per shard', 'shardSize', 'shardSize'],
      ['concurrent upstream requests', 'fetchConcurrency', 'fetchConcurrency'],
      ['query time budget', 'queryBudget', 'queryBudgetSeconds'],
    ])('writes %s into jsonData as a number and a cleared field as absent', (_name, testId, key) => {
      const props = getDefaultProps({ jsonData: { authType: 'none', [key]: 7 } });
      render(<ConfigEditor {...props} />);
      const input = screen.getByTestId(testIds.datasourceConfig[testId]);
      expect(input).toHaveValue(7);
      fireEvent.change(input, { target: { value: '12' } });
      expect(lastChange(props).jsonData[key]).toBe(12);
      fireEvent.change(input, { target: { value: '' } });
      expect(lastChange(props).jsonData[key]).toBeUndefined();
    });

    it("shows the backend's defaults, the shard size shrunk to a smaller series limit", () => {
      const { rerender } = render(<ConfigEditor {...getDefaultProps()} />);
      expect(screen.getByTestId(testIds.datasourceConfig.maxHosts)).toHaveAttribute('placeholder', '5000');
      expect(screen.getByTestId(testIds.datasourceConfig.shardSize)).toHaveAttribute('placeholder', '100');
      expect(screen.getByTestId(testIds.datasourceConfig.fetchConcurrency)).toHaveAttribute('placeholder', '4');
      expect(screen.getByTestId(testIds.datasourceConfig.queryBudget)).toHaveAttribute('placeholder', '30');
      rerender(<ConfigEditor {...getDefaultProps({ jsonData: { authType: 'none', maxSeries: 40 } })} />);
      expect(screen.getByTestId(testIds.datasourceConfig.shardSize)).toHaveAttribute('placeholder', '40');
    });

    it('accepts a shard as large as the series limit', () => {
      render(<ConfigEditor {...getDefaultProps({ jsonData: { authType: 'none', maxSeries: 50, shardSize: 50 } })} />);
      expect(screen.queryByTestId(testIds.datasourceConfig.error)).not.toBeInTheDocument();
    });
  });

  describe('feature query overrides', () => {
    const featureQueries = { load1: 'my_load1{$selector}', disk_busy: 'rate(my_io_seconds{$selector}[$rate])' };

    it('lists them read-only, sorted by feature, and says where to edit them', () => {
      render(<ConfigEditor {...getDefaultProps({ jsonData: { authType: 'none', featureQueries } })} />);
      const note = screen.getByTestId(testIds.datasourceConfig.featureQueries);
      expect(note).toHaveTextContent(/Edit them on the Anomaly Sentinel app's configuration page/);
      expect(Array.from(note.querySelectorAll('li')).map((li) => li.textContent)).toEqual([
        'disk_busy: rate(my_io_seconds{$selector}[$rate])',
        'load1: my_load1{$selector}',
      ]);
      expect(note.querySelector('input, textarea')).toBeNull();
      expect(screen.queryByTestId(testIds.datasourceConfig.error)).not.toBeInTheDocument();
    });

    it('shows no note when none are set', () => {
      render(<ConfigEditor {...getDefaultProps({ jsonData: { authType: 'none', featureQueries: {} } })} />);
      expect(screen.queryByTestId(testIds.datasourceConfig.featureQueries)).not.toBeInTheDocument();
    });

    it('keeps them when another setting changes, so saving this page does not drop them', () => {
      const props = getDefaultProps({ jsonData: { authType: 'none', featureQueries } });
      render(<ConfigEditor {...props} />);
      fireEvent.change(screen.getByTestId(testIds.datasourceConfig.maxHosts), { target: { value: '200' } });
      expect(lastChange(props).jsonData).toMatchObject({ maxHosts: 200, featureQueries });
    });
  });

  it('writes the model directory into jsonData', () => {
    const props = getDefaultProps();
    render(<ConfigEditor {...props} />);
    fireEvent.change(screen.getByTestId(testIds.datasourceConfig.modelDir), { target: { value: ' /srv/models ' } });
    expect(props.onOptionsChange.mock.calls[0][0].jsonData.modelDir).toBe('/srv/models');
  });

  it('warns about a relative model directory', () => {
    const props = getDefaultProps();
    props.options.jsonData = { ...props.options.jsonData, modelDir: 'models' };
    render(<ConfigEditor {...props} />);
    expect(screen.getByTestId(testIds.datasourceConfig.error)).toHaveTextContent(
      'Model directory must be an absolute path'
    );
  });
});
