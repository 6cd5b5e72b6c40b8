import t from 'tap'
import { FailureLimiter } from '../../src/auth/failure-limiter'

t.test('blocks after the limit until the window ends', async (t) => {
  let now = 1_000_000
  const limiter = new FailureLimiter(2, 60_000, () => now)
  limiter.fail('a')
  t.equal(limiter.retryAfter('a'), 0)
  limiter.fail('a')
  t.equal(limiter.retryAfter('a'), 60)
  t.equal(limiter.retryAfter('b'), 0, 'other clients are not affected')
  now += 30_000
  t.equal(limiter.retryAfter('a'), 30)
  now += 30_000
  t.equal(limiter.retryAfter('a'), 0, 'a new window starts clean')
})
