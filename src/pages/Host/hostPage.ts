import { SceneAppPage, SceneAppPageLike } from '@grafana/scenes';
import { hostPageUrl } from '../../constants';
import { PageSettings } from '../shared/pageSettings';
import { PROMETHEUS_VAR, SENTINEL_VAR } from '../shared/variables';
import { hostScene } from './hostScene';

/** The drill-down page of one host, below the fleet page in the breadcrumbs. */
export function hostPage(instance: string, parent: SceneAppPageLike, settings: PageSettings): SceneAppPage {
  return new SceneAppPage({
    title: instance,
    subTitle: 'Failure risk, why, the metrics the model reads and the alerts that fired',
    url: hostPageUrl(instance),
    routePath: '*',
    getParentPage: () => parent,
    preserveUrlKeys: ['from', 'to', `var-${SENTINEL_VAR}`, `var-${PROMETHEUS_VAR}`],
    getScene: () => hostScene(instance, settings),
  });
}
