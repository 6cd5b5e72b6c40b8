import { SingleBar } from 'cli-progress'

export interface Progress {
  update(done: number, extra?: string): void
  stop(): void
}

/**
 * A bar on a terminal; elsewhere (CI, pipes, log files) a plain line every few seconds,
 * because a bar's carriage returns make a mess of logs.
 */
export function progress(label: string, total: number, unit: string): Progress {
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format: `${label} [{bar}] {percentage}% {value}/{total} ${unit} {extra} eta {eta_formatted}`,
      stream: process.stderr,
    })
    bar.start(total, 0, { extra: '' })
    return { update: (done, extra = '') => bar.update(done, { extra }), stop: () => bar.stop() }
  }
  let last = 0
  return {
    update(done, extra = '') {
      if (Date.now() - last < 2000 && done < total) return
      last = Date.now()
      process.stderr.write(`${label}: ${done}/${total} ${unit}${extra ? ` ${extra}` : ''}\n`)
    },
    stop() {},
  }
}
