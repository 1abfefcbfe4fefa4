import { SceneAppPage } from '@grafana/scenes';
import { ROUTES } from '../../constants';
import { prefixRoute } from '../../utils/utils.routing';
import { hostPage } from '../Host/hostPage';
import { PageSettings } from '../shared/pageSettings';
import { PROMETHEUS_VAR, SENTINEL_VAR } from '../shared/variables';
import { fleetScene } from './fleetScene';

export function fleetPage(settings: PageSettings): SceneAppPage {
  return new SceneAppPage({
    title: 'Fleet risk',
    subTitle: 'Hosts ranked by the probability that they fail within the horizon',
    url: prefixRoute(ROUTES.Fleet),
    routePath: `${ROUTES.Fleet}/*`,
    preserveUrlKeys: ['from', 'to', `var-${SENTINEL_VAR}`, `var-${PROMETHEUS_VAR}`, 'var-job', 'var-filters'],
    getScene: () => fleetScene(settings),
    drilldowns: [
      {
        routePath: `${ROUTES.Host}/:instance`,
        getPage: (routeMatch, parent) => hostPage(String(routeMatch.params.instance ?? ''), parent, settings),
      },
    ],
  });
}
