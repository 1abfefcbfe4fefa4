import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { DataSourceSettings } from '@grafana/data';
import { ConfigEditor } from './ConfigEditor';
import { testIds } from '../../components/testIds';
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
      ['basic auth without a user', { jsonData: { authType: 'basic' } }, /Basic authentication needs a user/],
      ['bearer auth without a token', { secureJsonFields: {} }, /Bearer authentication needs a token/],
    ])('warns about %s', (_case, overrides, message) => {
      render(<ConfigEditor {...getDefaultProps(overrides)} />);
      expect(screen.getByTestId(testIds.datasourceConfig.error)).toHaveTextContent(message);
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
    expect(screen.getByTestId(testIds.datasourceConfig.error)).toHaveTextContent('Model directory must be an absolute path');
  });
});
