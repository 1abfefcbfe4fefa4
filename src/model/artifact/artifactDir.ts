import fs from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ARTIFACT_FILES, ArtifactFiles, HASH_FILE, ModelArtifact, parseArtifact, serialiseArtifact } from './artifact';
import { ArtifactError } from './errors';
import { SentinelJson } from './sentinelJson';

/** Writes an artifact folder (Node: the CLI). Returns the content hash. */
export async function saveArtifactDir(dir: string, model: tf.LayersModel, meta: SentinelJson): Promise<string> {
  const { files, contentHash } = await serialiseArtifact(model, meta);
  await fs.mkdir(dir, { recursive: true });
  for (const name of ARTIFACT_FILES) {
    await fs.writeFile(path.join(dir, name), files[name]);
  }
  await fs.writeFile(path.join(dir, HASH_FILE), `${contentHash}\n`);
  return contentHash;
}

export async function loadArtifactDir(dir: string): Promise<ModelArtifact> {
  const files: Partial<ArtifactFiles> = {};
  for (const name of ARTIFACT_FILES) {
    try {
      files[name] = new Uint8Array(await fs.readFile(path.join(dir, name)));
    } catch {
      throw new ArtifactError(dir, `${name} is missing`);
    }
  }
  const recorded = await fs.readFile(path.join(dir, HASH_FILE), 'utf8').catch(() => {
    throw new ArtifactError(dir, `${HASH_FILE} is missing`);
  });
  return parseArtifact(files, dir, recorded);
}
