import { TimeRange } from '@grafana/data';
import { SceneObjectBase, SceneObjectState, VariableDependencyConfig, sceneGraph } from '@grafana/scenes';
import { describeRequestError } from './sentinelApi';

export type Load<T> =
  { status: 'loading'; value?: T } | { status: 'ready'; value: T } | { status: 'error'; error: string };

export interface AsyncSceneState<T> extends SceneObjectState {
  /** Usually `${sentinel}`: the datasource the object reads from; '' when it needs none. */
  datasourceUid: string;
  load: Load<T>;
}

/**
 * A scene object that loads something over HTTP (a backend resource, Grafana's annotations) when
 * it is shown, when its datasource variable changes and, if it depends on time, when the time range
 * changes. Answers of superseded requests are dropped, so a slow first answer never overwrites a
 * newer one.
 */
export abstract class AsyncSceneObject<
  T,
  S extends AsyncSceneState<T> = AsyncSceneState<T>,
> extends SceneObjectBase<S> {
  protected _variableDependency = new VariableDependencyConfig(this, {
    statePaths: ['datasourceUid'],
    onVariableUpdateCompleted: () => this.reload(),
  });

  /** Whether a new time range means new data (the explanation and the alert history do; the model list does not). */
  protected abstract readonly dependsOnTime: boolean;
  protected abstract fetch(datasourceUid: string, timeRange: TimeRange): Promise<T>;

  private generation = 0;

  constructor(state: S) {
    super(state);
    this.addActivationHandler(() => {
      const sub = this.dependsOnTime
        ? sceneGraph.getTimeRange(this).subscribeToState((next, prev) => {
            if (next.value !== prev.value) {
              this.reload();
            }
          })
        : undefined;
      this.reload();
      return () => sub?.unsubscribe();
    });
  }

  public datasourceUid(): string {
    return sceneGraph.interpolate(this, this.state.datasourceUid);
  }

  public async reload(): Promise<void> {
    if (!this.isActive || this._variableDependency.hasDependencyInLoadingState()) {
      return;
    }
    const generation = ++this.generation;
    const previous = this.state.load.status === 'ready' ? this.state.load.value : undefined;
    this.setLoad({ status: 'loading', value: previous });
    try {
      const value = await this.fetch(this.datasourceUid(), sceneGraph.getTimeRange(this).state.value);
      if (generation === this.generation) {
        this.setLoad({ status: 'ready', value });
        this.onLoaded(value);
      }
    } catch (err) {
      if (generation === this.generation) {
        this.setLoad({ status: 'error', error: describeRequestError(err) });
      }
    }
  }

  /** Hook for subclasses that derive more state from a fresh answer. */
  protected onLoaded(_value: T): void {}

  private setLoad(load: Load<T>) {
    this.setState({ load } as Partial<S>);
  }
}
