/**
 * The evaluation protocol (shared/eval-protocol.md) as pure functions. The NAB file loader lives apart in
 * ./nabCorpus (it reads files with node:fs); import it directly where Node is the runtime.
 */
export * from './events';
export * from './eventMetrics';
export * from './smdScores';
export * from './nabScorer';
export * from './report';
