import { SceneAppPage } from '@grafana/scenes';
import { ROUTES } from '../../constants';
import { prefixRoute } from '../../utils/utils.routing';
import { PageSettings } from '../shared/pageSettings';
import { modelsScene } from './modelsScene';

export function modelsPage(settings: PageSettings): SceneAppPage {
  return new SceneAppPage({
    title: 'Models',
    subTitle: 'The versions the backend can run, their evaluation, which one is active, and how two compare',
    url: prefixRoute(ROUTES.Models),
    routePath: `${ROUTES.Models}/*`,
    getScene: () => modelsScene(settings),
  });
}
