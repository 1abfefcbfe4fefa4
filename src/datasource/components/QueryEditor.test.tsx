import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { QueryEditor } from './QueryEditor';
import { testIds } from '../../components/testIds';
import { DataSource } from '../datasource';

describe('QueryEditor', () => {
  it('changes the expression and runs the query on blur', () => {
    const onChange = jest.fn();
    const onRunQuery = jest.fn();
    render(<QueryEditor datasource={{} as DataSource} query={{ refId: 'A', expr: 'up' }} onChange={onChange} onRunQuery={onRunQuery} />);
    const expr = screen.getByTestId(testIds.queryEditor.expr);
    fireEvent.change(expr, { target: { value: 'node_load1' } });
    expect(onChange).toHaveBeenCalledWith({ refId: 'A', expr: 'node_load1' });
    fireEvent.blur(expr);
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('keeps the step at least one second and empty means the panel interval', () => {
    const onChange = jest.fn();
    render(<QueryEditor datasource={{} as DataSource} query={{ refId: 'A', expr: 'up', stepSeconds: 30 }} onChange={onChange} onRunQuery={jest.fn()} />);
    fireEvent.change(screen.getByTestId(testIds.queryEditor.step), { target: { value: '0' } });
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', expr: 'up', stepSeconds: 1 });
    fireEvent.change(screen.getByTestId(testIds.queryEditor.step), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', expr: 'up', stepSeconds: undefined });
  });
});
