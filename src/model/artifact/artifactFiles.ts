/**
 * The artifact's file names, in hash order. A module of its own, free of tfjs, so the panel can
 * name the files it downloads without pulling tfjs into its main bundle.
 */
export const ARTIFACT_FILES = ['model.json', 'weights.bin', 'sentinel.json'] as const;
export const HASH_FILE = 'content-hash.txt';
