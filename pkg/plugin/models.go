package plugin

import (
	"fmt"
	"strings"
	"sync"

	"github.com/anomalysentinel/sentinel/models"
	"github.com/anomalysentinel/sentinel/pkg/model"
)

// The shipped model is read-only and the same for every datasource instance: load it once per
// process. Each instance's registry adds the versions of its model directory, if configured.
var (
	defaultEngineOnce sync.Once
	defaultEngine     *model.Engine
	defaultArtifact   *model.Artifact
	defaultEngineErr  error
)

func shippedArtifact() (*model.Artifact, error) {
	_, a, err := shippedEngine()
	return a, err
}

func shippedEngine() (*model.Engine, *model.Artifact, error) {
	defaultEngineOnce.Do(func() {
		files, hash, err := models.Default()
		if err != nil {
			defaultEngineErr = fmt.Errorf("the shipped model is missing from the executable: %w", err)
			return
		}
		defaultArtifact, defaultEngineErr = model.ParseArtifact("models/default", files, strings.TrimSpace(hash))
		if defaultEngineErr != nil {
			return
		}
		defaultEngine, defaultEngineErr = model.EngineFromArtifact(defaultArtifact)
	})
	return defaultEngine, defaultArtifact, defaultEngineErr
}
