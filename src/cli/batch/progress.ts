/**
 * A one-line progress bar on a terminal (stderr), silent otherwise: piped output and CI logs stay
 * clean. Hand-written: twenty lines do not justify a dependency.
 */
export class Progress {
  private readonly tty: boolean;
  private last = 0;
  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  tick(done: number, label: string): void {
    if (!this.tty) return;
    const now = Date.now();
    if (done < this.total && now - this.last < 80) return;
    this.last = now;
    const width = 28;
    const filled = this.total === 0 ? width : Math.round((done / this.total) * width);
    const name = label.length > 30 ? `…${label.slice(-29)}` : label;
    this.stream.write(`\r[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${done}/${this.total} ${name}\x1b[K`);
  }

  finish(): void {
    if (this.tty) this.stream.write("\r\x1b[K");
  }
}
