// Package models holds the shipped model artifacts, embedded into the backend executable so a
// fresh install scores risk with no files to place.
package models

import (
	"embed"
	"io/fs"
)

//go:embed default/model.json default/weights.bin default/sentinel.json default/content-hash.txt
var shipped embed.FS

// Default returns the files of the shipped default model by name.
func Default() (map[string][]byte, string, error) {
	files := map[string][]byte{}
	for _, name := range []string{"model.json", "weights.bin", "sentinel.json"} {
		b, err := fs.ReadFile(shipped, "default/"+name)
		if err != nil {
			return nil, "", err
		}
		files[name] = b
	}
	hash, err := fs.ReadFile(shipped, "default/content-hash.txt")
	return files, string(hash), err
}
