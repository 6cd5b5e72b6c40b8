import t from 'tap'
import { call, testApp } from '../helpers'

t.test('a saturated event loop sheds load with 503 and Retry-After', async (t) => {
  const app = await testApp(t, { maxEventLoopDelayMs: 20 })
  // Building the app blocks the loop too, and on a busy machine the sampler may still judge
  // that window: wait (up to a second) for it to see a quiet loop.
  let before = await call(app, null, { method: 'GET', url: '/api/v1/regions/1409' })
  for (let i = 0; i < 20 && before.statusCode === 503; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    before = await call(app, null, { method: 'GET', url: '/api/v1/regions/1409' })
  }
  t.equal(before.statusCode, 200)
  // Block the loop long enough for the sampler to see the delay.
  const until = Date.now() + 400
  while (Date.now() < until);
  await new Promise((resolve) => setTimeout(resolve, 10))
  const res = await call(app, null, { method: 'GET', url: '/api/v1/regions/1409' })
  t.equal(res.statusCode, 503)
  t.match(res.body, { statusCode: 503, error: 'Service Unavailable' })
  t.ok(res.headers['retry-after'])
})
