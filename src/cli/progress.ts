/**
 * A one-line progress bar on stderr for long work (training, evaluation). Quiet when stderr is
 * not a terminal or when --json asks for machine output, so logs and pipes stay clean.
 */
export class Progress {
  private readonly enabled: boolean;
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    quiet = false
  ) {
    this.enabled = !quiet && Boolean(process.stderr.isTTY);
  }

  update(done: number, detail = ''): void {
    if (!this.enabled) {
      return;
    }
    const now = Date.now();
    if (now - this.lastDraw < 100 && done < this.total) {
      return;
    }
    this.lastDraw = now;
    const width = 30;
    const filled = Math.round((width * Math.min(done, this.total)) / Math.max(this.total, 1));
    process.stderr.write(`\r${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${this.total} ${detail}`.padEnd(100));
  }

  done(): void {
    if (this.enabled) {
      process.stderr.write('\n');
    }
  }
}
