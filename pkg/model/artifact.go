package model

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ArtifactFiles are the files of an artifact, in the order the content hash covers them.
var ArtifactFiles = []string{"model.json", "weights.bin", "sentinel.json"}

// HashFile holds the artifact's content hash (hex sha256).
const HashFile = "content-hash.txt"

// ArtifactError says which artifact could not be used and why.
type ArtifactError struct {
	Artifact string
	Reason   string
}

func (e *ArtifactError) Error() string {
	return fmt.Sprintf("model artifact %s: %s", e.Artifact, e.Reason)
}

// ContentHash mirrors artifact.ts: sha256 over "<name>\n<byte length>\n" + bytes for each file.
func ContentHash(files map[string][]byte) string {
	h := sha256.New()
	for _, name := range ArtifactFiles {
		fmt.Fprintf(h, "%s\n%d\n", name, len(files[name]))
		h.Write(files[name])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Artifact is a parsed artifact: its metadata, LSTM, raw files and hash.
type Artifact struct {
	Meta        *SentinelJSON
	Forecaster  *Forecaster
	Files       map[string][]byte
	ContentHash string
}

// LoadArtifactDir reads an artifact folder and checks it: all files present, the recorded hash
// matches the bytes, sentinel.json valid, the network runnable and consistent with the spec.
func LoadArtifactDir(dir string) (*Artifact, error) {
	files := map[string][]byte{}
	for _, name := range ArtifactFiles {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, &ArtifactError{dir, name + " is missing"}
		}
		files[name] = b
	}
	recorded, err := os.ReadFile(filepath.Join(dir, HashFile))
	if err != nil {
		return nil, &ArtifactError{dir, HashFile + " is missing"}
	}
	return ParseArtifact(dir, files, strings.TrimSpace(string(recorded)))
}

// ParseArtifact checks an artifact held in memory; expectedHash may be empty to skip the check.
func ParseArtifact(label string, files map[string][]byte, expectedHash string) (*Artifact, error) {
	hash := ContentHash(files)
	if expectedHash != "" && expectedHash != hash {
		return nil, &ArtifactError{label, fmt.Sprintf("content hash %.12s… does not match the recorded %.12s…; the files were changed or mixed from two versions", hash, expectedHash)}
	}
	meta, err := ParseSentinelJSON(files["sentinel.json"])
	if err != nil {
		return nil, &ArtifactError{label, err.Error()}
	}
	f, err := ParseForecaster(files["model.json"], files["weights.bin"])
	if err != nil {
		return nil, &ArtifactError{label, err.Error()}
	}
	F := len(meta.Features)
	if f.Features != F || f.Outputs != 3*F || f.Units != meta.LSTM.Units {
		return nil, &ArtifactError{label, fmt.Sprintf("the LSTM reads %d features with %d units; sentinel.json says %d features, %d units", f.Features, f.Units, F, meta.LSTM.Units)}
	}
	return &Artifact{Meta: meta, Forecaster: f, Files: files, ContentHash: hash}, nil
}
