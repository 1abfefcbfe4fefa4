/** A command line the CLI cannot run as given (exit status 2). Its own module, so commands can throw it without importing sentinel.ts, which runs main on import. */
export class UsageError extends Error {}
