// `run`'s progress line on stderr (only when stderr is a terminal, never with --quiet):
// packets, bytes, rate, and for a file its percentage and the time left, redrawn in place at
// most four times a second and erased at the end.

const REDRAW_MS = 250;

export class Progress {
  private readonly start = performance.now();
  private last = 0;
  private shown = false;

  constructor(
    private readonly write: ((text: string) => void) | undefined,
    private readonly totalBytes: number | undefined,
  ) {}

  update(packets: number, bytes: number): void {
    if (!this.write) return;
    const now = performance.now();
    if (now - this.last < REDRAW_MS) return;
    this.last = now;
    const seconds = (now - this.start) / 1000;
    const rate = seconds > 0 ? packets / seconds : 0;
    let line = `${packets.toLocaleString("en-US")} packets, ${(bytes / 1e6).toFixed(1)} MB, ${Math.round(rate).toLocaleString("en-US")} packets/s`;
    if (this.totalBytes && bytes > 0) {
      const done = Math.min(1, bytes / this.totalBytes);
      const left = seconds * (1 / done - 1);
      line += `, ${(done * 100).toFixed(1)}%, ${formatDuration(left)} left`;
    }
    this.write(`\r\x1b[K${line}`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.write?.("\r\x1b[K");
  }
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`
      : `${s}s`;
}
