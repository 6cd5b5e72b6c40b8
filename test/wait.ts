/**
 * Waits for a condition instead of for a time: polls `check` (every `everyMs`, 20 ms by
 * default) until it answers something truthy, and returns that. Gives up only after
 * `timeoutMs` (2 minutes by default: a loaded machine is slow, not broken), throwing with
 * `what` so the failure says which condition never held.
 */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, options: { timeoutMs?: number; everyMs?: number } = {}): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000)
  for (;;) {
    const value = await check()
    if (value) return value as Exclude<T, false | null | undefined | 0 | ''>
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 20))
  }
}
