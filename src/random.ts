/**
 * Seeded randomness for demo data and benchmarks: the same seed gives the same city,
 * so a benchmark or a bug report can be reproduced.
 */
export class Random {
  private state: number

  constructor(seed = 20220519) {
    this.state = seed >>> 0
  }

  /** mulberry32: tiny, fast, good enough for synthetic data. */
  next(): number {
    let z = (this.state = (this.state + 0x6d2b79f5) >>> 0)
    z = Math.imul(z ^ (z >>> 15), z | 1)
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61)
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }

  /** Picks by weight: `[[value, weight], …]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0)
    let r = this.next() * total
    for (const [value, weight] of items) {
      r -= weight
      if (r < 0) return value
    }
    return items[items.length - 1][0]
  }

  /** `n` distinct items (fewer if there are not enough). */
  sample<T>(items: readonly T[], n: number): T[] {
    const pool = [...items]
    const out: T[] = []
    while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0])
    return out
  }
}
