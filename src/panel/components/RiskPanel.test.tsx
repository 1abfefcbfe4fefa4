import React from 'react';
import { render, screen } from '@testing-library/react';
import { FieldType, LoadingState, PanelProps, toDataFrame, getDefaultTimeRange } from '@grafana/data';
import { RiskPanel } from './RiskPanel';
import { testIds } from '../../components/testIds';
import { DEFAULT_PANEL_OPTIONS, RiskPanelOptions } from '../types';

function getDefaultProps(
  series: PanelProps['data']['series'] = [],
  options: Partial<RiskPanelOptions> = {}
): PanelProps<RiskPanelOptions> {
  return {
    data: { series, state: LoadingState.Done, timeRange: getDefaultTimeRange() },
    options: { ...DEFAULT_PANEL_OPTIONS, ...options },
    width: 300,
    height: 200,
  } as unknown as PanelProps<RiskPanelOptions>;
}

const frame = (name: string, values: number[]) =>
  toDataFrame({
    name,
    fields: [
      { name: 'time', type: FieldType.time, values: values.map((_, i) => i * 1000) },
      { name: 'value', type: FieldType.number, values, labels: { instance: name } },
    ],
  });

describe('RiskPanel', () => {
  it('says so when there is no data', () => {
    render(<RiskPanel {...getDefaultProps()} />);
    expect(screen.getByTestId(testIds.riskPanel.noData)).toHaveTextContent('No data');
  });

  it('lists each series by its newest finite value, highest first, with the threshold', () => {
    render(
      <RiskPanel
        {...getDefaultProps([frame('web-1', [0.2, 0.3]), frame('web-2', [0.5, 0.95, NaN])], { threshold: 0.9 })}
      />
    );
    const rows = screen.getAllByTestId(testIds.riskPanel.series);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('0.950'),
      expect.stringContaining('0.300'),
    ]);
    expect(rows[0]).toHaveTextContent('web-2');
    expect(rows.map((r) => r.dataset.aboveThreshold)).toEqual(['true', 'false']);
    expect(screen.getByTestId(testIds.riskPanel.threshold)).toHaveTextContent('Threshold 0.90 · horizon 15 min');
  });

  it('shows no data when the frames hold no finite numbers', () => {
    const onlyGaps = frame('web-1', [NaN, NaN]);
    const onlyText = toDataFrame({ fields: [{ name: 'host', type: FieldType.string, values: ['web-1'] }] });
    render(<RiskPanel {...getDefaultProps([onlyGaps, onlyText])} />);
    expect(screen.getByTestId(testIds.riskPanel.noData)).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.riskPanel.series)).not.toBeInTheDocument();
  });
});
