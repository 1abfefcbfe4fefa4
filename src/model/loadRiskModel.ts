import { ModelArtifact } from './artifact/artifact';
import { ArtifactError } from './artifact/errors';
import { failureHeadFromJson } from './failureHead/failureHeadJson';
import { RiskModel } from './risk/riskEngine';
import { RowScorerKit } from './training/rowScorerKit';

/** A loaded artifact with its Isolation Forest and baseline rebuilt from sentinel.json. */
export function riskModelFromArtifact(artifact: ModelArtifact, kit: RowScorerKit): RiskModel {
  const F = artifact.meta.features.length;
  try {
    return {
      meta: artifact.meta,
      model: artifact.model,
      isolation: kit.isolationFromParams(artifact.meta.isolationForest, F),
      baseline: kit.baselineFromParams(artifact.meta.baseline, F),
      head: artifact.meta.failureHead ? failureHeadFromJson(artifact.meta.failureHead) : undefined,
    };
  } catch (err) {
    throw new ArtifactError(
      `${artifact.meta.name} ${artifact.meta.version}`,
      `sentinel.json: ${(err as Error).message}`
    );
  }
}
