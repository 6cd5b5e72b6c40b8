import t from 'tap'
import { call, testApp } from '../helpers'
import { waitFor } from '../wait'

t.test('a saturated event loop sheds load with 503 and Retry-After', async (t) => {
  const app = await testApp(t, { maxEventLoopDelayMs: 20 })
  const regions = () => call(app, null, { method: 'GET', url: '/api/v1/regions/1409' })
  // Building the app blocks the loop too, and on a busy machine the sampler may still judge
  // that window: wait for it to see a quiet loop.
  const before = await waitFor(async () => {
    const res = await regions()
    return res.statusCode === 200 && res
  }, 'a quiet loop')
  t.equal(before.statusCode, 200)
  // Block the loop long enough for the sampler to see the delay, until it does.
  const res = await waitFor(async () => {
    const until = Date.now() + 400
    while (Date.now() < until);
    await new Promise((resolve) => setImmediate(resolve))
    const answer = await regions()
    return answer.statusCode === 503 && answer
  }, 'load shedding')
  t.equal(res.statusCode, 503)
  t.match(res.body, { statusCode: 503, error: 'Service Unavailable', code: 'LL_OVERLOADED' })
  t.ok(res.headers['retry-after'])
  await waitFor(async () => (await regions()).statusCode === 200, 'the server to answer again once the loop is quiet')
})
