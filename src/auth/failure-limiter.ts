/**
 * Counts failed authentications per key in fixed one-minute windows. The auth plugin keeps
 * two: one keyed by client address, one by the presented credential's hash. Only failures
 * are counted and a valid token is checked before either limit, so neither can lock out a
 * token that works: a client that authenticates properly never notices.
 */
export class FailureLimiter {
  private readonly windows = new Map<string, { start: number; failures: number }>()

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the key may fail again without 429, or 0 if it is not blocked. */
  retryAfter(key: string): number {
    const window = this.current(key)
    if (!window || window.failures < this.limit) return 0
    return Math.ceil((window.start + this.windowMs - this.now()) / 1000)
  }

  fail(key: string): void {
    const window = this.current(key)
    if (window) window.failures++
    else this.windows.set(key, { start: this.now(), failures: 1 })
    if (this.windows.size > 10_000) this.prune()
  }

  private current(key: string) {
    const window = this.windows.get(key)
    if (window && this.now() - window.start >= this.windowMs) {
      this.windows.delete(key)
      return undefined
    }
    return window
  }

  private prune(): void {
    for (const [key, window] of this.windows) {
      if (this.now() - window.start >= this.windowMs) this.windows.delete(key)
    }
  }
}
