import t from 'tap'
import { Random } from '../../src/random'
import { isRealDate } from '../../src/calendar'
import {
  checkDigit,
  makeIdNumber,
  parseIdNumber,
  randomIdNumber,
  randomMobilePhone,
} from '../../src/laborers/id-number'
import { shanghaiToday } from '../../src/calendar'
import { MobilePhone } from '../../src/http/schemas'

/** The one rule for a mainland mobile number (the API's `MobilePhone` schema). */
const MOBILE_PATTERN = new RegExp((MobilePhone as unknown as { pattern: string }).pattern)

const TODAY = '2026-06-01'

t.test('the GB 11643 example and generated IDs pass; gender and birth date come out', async (t) => {
  t.equal(checkDigit('11010519491231002'), 'X')
  const example = parseIdNumber('11010519491231002x', '1990-01-01')
  t.same(example, { ok: true, gender: 'female', birthDate: '1949-12-31', age: 40 })
  const male = makeIdNumber('140924', '1990-01-01', 'male', 17)
  t.same(parseIdNumber(male, TODAY), { ok: true, gender: 'male', birthDate: '1990-01-01', age: 36 })
  t.equal(male.slice(0, 6), '140924')
})

t.test('bad IDs are refused with a reason', async (t) => {
  const good = makeIdNumber('140902', '1985-07-15', 'female', 3)
  const wrongDigit = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
  t.match(parseIdNumber(wrongDigit, TODAY), { ok: false, reason: /校验位/ })
  const feb30 = '14090219850230' + '123'
  t.match(parseIdNumber(feb30 + checkDigit(feb30), TODAY), { ok: false, reason: /出生日期 1985-02-30 不存在/ })
  const future = '14090220300101' + '123'
  t.match(parseIdNumber(future + checkDigit(future), TODAY), { ok: false, reason: /晚于今天/ })
  const child = makeIdNumber('140902', '2015-01-01', 'male', 1)
  t.match(parseIdNumber(child, TODAY), { ok: false, reason: /年龄为 11 岁/ })
  t.match(parseIdNumber('1409021985071512', TODAY), { ok: false, reason: /18 位/ })
  const noProvince = '99090219850715123'
  t.match(parseIdNumber(noProvince + checkDigit(noProvince), TODAY), { ok: false, reason: /省份代码 99 不存在/ })
})

t.test('random IDs are valid, carry the county prefix and stay in the age range', async (t) => {
  const random = new Random(7)
  for (let i = 0; i < 2000; i++) {
    const id = randomIdNumber(random, '140931', { minAge: 16, maxAge: 60, today: TODAY })
    const parsed = parseIdNumber(id, TODAY)
    if (!parsed.ok || parsed.age < 16 || parsed.age > 60 || !id.startsWith('140931')) {
      t.fail(`${id}: ${JSON.stringify(parsed)}`)
      return
    }
  }
  t.pass('2,000 generated IDs valid')
})

t.test('mobile numbers', async (t) => {
  t.ok(MOBILE_PATTERN.test('13812345678'))
  t.notOk(MOBILE_PATTERN.test('12812345678'))
  t.notOk(MOBILE_PATTERN.test('1381234567'))
  const random = new Random(3)
  const phones = Array.from({ length: 500 }, () => randomMobilePhone(random))
  t.same(phones.filter((p) => !MOBILE_PATTERN.test(p)), [], 'generated numbers are mainland mobiles')
  t.match(shanghaiToday(Date.UTC(2026, 0, 1, 17)), '2026-01-02', 'Asia/Shanghai is UTC+8')
})

t.test('calendar dates, leap years included', async (t) => {
  const cases: [string, boolean][] = [
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-13-01', false],
    ['2026-01-00', false],
    ['20260101', false],
  ]
  t.same(cases.filter(([date, real]) => isRealDate(date) !== real), [])
})
