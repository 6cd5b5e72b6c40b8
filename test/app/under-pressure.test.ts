import t from 'tap'
import { call, testApp } from '../helpers'

t.test('a saturated event loop sheds load with 503 and Retry-After', async (t) => {
  const app = await testApp(t, { maxEventLoopDelayMs: 20 })
  // Building the app blocks the loop too; on a busy machine the sampler can still see that
  // for a window or two (100 ms each): let it see a quiet loop first.
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal((await call(app, null, { method: 'GET', url: '/api/v1/regions/1409' })).statusCode, 200)
  // Block the loop long enough for the sampler to see the delay.
  const until = Date.now() + 400
  while (Date.now() < until);
  await new Promise((resolve) => setTimeout(resolve, 10))
  const res = await call(app, null, { method: 'GET', url: '/api/v1/regions/1409' })
  t.equal(res.statusCode, 503)
  t.match(res.body, { statusCode: 503, error: 'Service Unavailable' })
  t.ok(res.headers['retry-after'])
})
