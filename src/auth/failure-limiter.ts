/**
 * Counts failed authentications per client in fixed one-minute windows, so token
 * guessing is slowed to a crawl while a client that authenticates properly never notices.
 */
export class FailureLimiter {
  private readonly windows = new Map<string, { start: number; failures: number }>()

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the client may try again, or 0 if it is not blocked. */
  retryAfter(client: string): number {
    const window = this.current(client)
    if (!window || window.failures < this.limit) return 0
    return Math.ceil((window.start + this.windowMs - this.now()) / 1000)
  }

  fail(client: string): void {
    const window = this.current(client)
    if (window) window.failures++
    else this.windows.set(client, { start: this.now(), failures: 1 })
    if (this.windows.size > 10_000) this.prune()
  }

  private current(client: string) {
    const window = this.windows.get(client)
    if (window && this.now() - window.start >= this.windowMs) {
      this.windows.delete(client)
      return undefined
    }
    return window
  }

  private prune(): void {
    for (const [client, window] of this.windows) {
      if (this.now() - window.start >= this.windowMs) this.windows.delete(client)
    }
  }
}
