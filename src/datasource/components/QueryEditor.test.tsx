import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { QueryEditor } from './QueryEditor';
import { testIds } from '../../components/testIds';
import { DataSource } from '../datasource';
import { SentinelQuery } from '../types';

function getDefaultProps(query: Partial<SentinelQuery> = {}) {
  return {
    datasource: {} as DataSource,
    query: { refId: 'A', expr: 'up', ...query },
    onChange: jest.fn<void, [SentinelQuery]>(),
    onRunQuery: jest.fn(),
  };
}

describe('QueryEditor', () => {
  it('changes the expression and runs the query on blur', () => {
    const props = getDefaultProps();
    render(<QueryEditor {...props} />);
    const expr = screen.getByTestId(testIds.queryEditor.expr);
    fireEvent.change(expr, { target: { value: 'node_load1' } });
    expect(props.onChange).toHaveBeenCalledWith({ refId: 'A', expr: 'node_load1' });
    expect(props.onRunQuery).not.toHaveBeenCalled();
    fireEvent.blur(expr);
    expect(props.onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('keeps the step at least one second, and empty means the panel interval', () => {
    const props = getDefaultProps({ stepSeconds: 30 });
    render(<QueryEditor {...props} />);
    const step = screen.getByTestId(testIds.queryEditor.step);
    fireEvent.change(step, { target: { value: '15' } });
    expect(props.onChange).toHaveBeenLastCalledWith({ refId: 'A', expr: 'up', stepSeconds: 15 });
    fireEvent.change(step, { target: { value: '0' } });
    expect(props.onChange).toHaveBeenLastCalledWith({ refId: 'A', expr: 'up', stepSeconds: 1 });
    fireEvent.change(step, { target: { value: '' } });
    expect(props.onChange).toHaveBeenLastCalledWith({ refId: 'A', expr: 'up', stepSeconds: undefined });
  });

  it('switches to an instant query and runs it at once', () => {
    const props = getDefaultProps();
    render(<QueryEditor {...props} />);
    fireEvent.click(screen.getByTestId(testIds.queryEditor.instant));
    expect(props.onChange).toHaveBeenLastCalledWith({ refId: 'A', expr: 'up', instant: true });
    expect(props.onRunQuery).toHaveBeenCalledTimes(1);
  });
});
