import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { DataSourceSettings } from '@grafana/data';
import { ConfigEditor } from './ConfigEditor';
import { testIds } from '../../components/testIds';
import { SentinelOptions, SentinelSecureOptions } from '../types';

function getDefaultProps(overrides: Partial<DataSourceSettings<SentinelOptions, SentinelSecureOptions>> = {}) {
  const options = {
    url: 'http://prometheus:9090',
    jsonData: { authType: 'bearer' },
    secureJsonFields: { bearerToken: true },
    secureJsonData: {},
    ...overrides,
  } as unknown as DataSourceSettings<SentinelOptions, SentinelSecureOptions>;
  return { options, onOptionsChange: jest.fn() };
}

describe('ConfigEditor', () => {
  it('keeps a configured token secret and resets it on request', () => {
    const props = getDefaultProps();
    render(<ConfigEditor {...props} />);
    fireEvent.click(screen.getByRole('button', { name: /reset/i }));
    const next = props.onOptionsChange.mock.calls[0][0];
    expect(next.secureJsonFields.bearerToken).toBe(false);
    expect(next.secureJsonData.bearerToken).toBe('');
  });

  it('writes numbers into jsonData', () => {
    const props = getDefaultProps();
    render(<ConfigEditor {...props} />);
    fireEvent.change(screen.getByTestId(testIds.datasourceConfig.timeout), { target: { value: '12' } });
    expect(props.onOptionsChange.mock.calls[0][0].jsonData.timeoutSeconds).toBe(12);
  });

  it('warns about a URL without a scheme', () => {
    render(<ConfigEditor {...getDefaultProps({ url: 'prometheus:9090' })} />);
    expect(screen.getByTestId(testIds.datasourceConfig.error)).toHaveTextContent('URL must start with http');
  });
});
