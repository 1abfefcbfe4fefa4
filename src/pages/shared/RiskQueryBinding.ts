import {
  SceneObjectBase,
  SceneObjectState,
  SceneQueryRunner,
  VariableDependencyConfig,
  sceneGraph,
} from '@grafana/scenes';
import type { DataSourceRef } from '@grafana/schema';
import { joinMatchers, riskQuery, RiskOutput, RiskQuery } from './riskQueries';

export interface RiskQueryTemplate {
  refId: string;
  output: RiskOutput;
  /** May name variables, e.g. `${modelA}`; '' = the active version. */
  modelVersion?: string;
  top?: number;
}

export interface RiskQueryBindingState extends SceneObjectState {
  /** Usually `{ uid: '${sentinel}' }`; handed to the runner as is (scenes resolves datasource variables). */
  datasource: DataSourceRef;
  /** Label matcher templates, e.g. `job=~"${job:regex}"`, `${filters}`; empty results are dropped. */
  matchers: string[];
  queries: RiskQueryTemplate[];
}

/**
 * Runs risk queries whose host selector and model version come from scene variables.
 *
 * A SceneQueryRunner leaves `$variables` in query fields to the datasource's applyTemplateVariables,
 * and the Sentinel datasource's frontend interpolates only `expr`. This behaviour interpolates the
 * risk fields in the scene instead, puts the finished queries on its parent runner (which must be
 * in runQueriesMode 'manual') and runs it when a variable it names or the time range changes.
 */
export class RiskQueryBinding extends SceneObjectBase<RiskQueryBindingState> {
  protected _variableDependency = new VariableDependencyConfig(this, {
    statePaths: ['datasource', 'matchers', 'queries'],
    onVariableUpdateCompleted: () => this.run(),
  });

  constructor(state: RiskQueryBindingState) {
    super(state);
    this.addActivationHandler(() => {
      const sub = sceneGraph.getTimeRange(this.runner()).subscribeToState((next, prev) => {
        if (next.value !== prev.value) {
          this.run();
        }
      });
      this.run();
      return () => sub.unsubscribe();
    });
  }

  /** The host selector with every variable replaced; '' when no matcher is left (the backend then takes all hosts). */
  public hostSelector(): string {
    return joinMatchers(this.state.matchers.map((m) => sceneGraph.interpolate(this, m)));
  }

  public queries(): RiskQuery[] {
    const selector = this.hostSelector();
    return this.state.queries.map((q) =>
      riskQuery(q.refId, selector, q.output, sceneGraph.interpolate(this, q.modelVersion ?? '').trim(), q.top)
    );
  }

  public run(): void {
    if (!this.isActive || this._variableDependency.hasDependencyInLoadingState()) {
      // A variable still loading calls onVariableUpdateCompleted when it is done.
      return;
    }
    const runner = this.runner();
    runner.setState({ datasource: this.state.datasource, queries: this.queries() });
    runner.runQueries();
  }

  private runner(): SceneQueryRunner {
    if (!(this.parent instanceof SceneQueryRunner)) {
      throw new Error('RiskQueryBinding must be a $behaviors entry of a SceneQueryRunner');
    }
    return this.parent;
  }
}

/** A runner driven by a RiskQueryBinding; put it where the panels can reach it as $data. */
export function riskQueryRunner(binding: RiskQueryBindingState, key?: string): SceneQueryRunner {
  return new SceneQueryRunner({
    key,
    datasource: binding.datasource,
    queries: [],
    runQueriesMode: 'manual',
    $behaviors: [new RiskQueryBinding(binding)],
  });
}

export function bindingOf(runner: SceneQueryRunner): RiskQueryBinding {
  const binding = runner.state.$behaviors?.find((b): b is RiskQueryBinding => b instanceof RiskQueryBinding);
  if (!binding) {
    throw new Error('this runner has no RiskQueryBinding');
  }
  return binding;
}
