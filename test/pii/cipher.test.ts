import { existsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { createPii, maskIdNumber, maskPhone } from '../../src/pii/cipher'
import { loadPiiKey } from '../../src/pii/key'
import { loadConfig } from '../../src/config'
import { freshDir, testApp } from '../helpers'

const KEY = '0f'.repeat(32)

t.test('encrypts with a fresh IV each time and decrypts back', async (t) => {
  const pii = createPii(KEY)
  const a = pii.encrypt('140924199001011234')
  const b = pii.encrypt('140924199001011234')
  t.not(a, b, 'same plaintext, different cipher text')
  t.notMatch(a, /1409241990/)
  t.equal(pii.decrypt(a), '140924199001011234')
  t.equal(pii.decrypt(pii.encrypt('13812345678')), '13812345678')
})

t.test('a tampered cipher text or another key fails instead of decrypting garbage', async (t) => {
  const pii = createPii(KEY)
  const sealed = Buffer.from(pii.encrypt('13812345678'), 'base64')
  sealed[14] ^= 1
  t.throws(() => pii.decrypt(sealed.toString('base64')))
  t.throws(() => createPii('1e'.repeat(32)).decrypt(pii.encrypt('13812345678')))
  t.throws(() => pii.decrypt('c2hvcnQ='), /too short/)
})

t.test('lookup hashes are stable per key and differ between keys and from the encryption subkey', async (t) => {
  const one = createPii(KEY)
  t.equal(one.hash('13812345678'), createPii(KEY).hash('13812345678'))
  t.not(one.hash('13812345678'), createPii('1e'.repeat(32)).hash('13812345678'))
  t.not(one.hash('13812345678'), one.hash('13812345679'))
  t.match(one.hash('x'), /^[A-Za-z0-9_-]{43}$/)
  t.throws(() => createPii('abcd'), /32 bytes/)
})

t.test('masks keep the city prefix and last four digits', async (t) => {
  t.equal(maskIdNumber('140924199001011234'), '1409**********1234')
  t.equal(maskPhone('13812345678'), '138****5678')
  t.equal(maskPhone('123'), '***')
})

t.test('the key file is generated once with mode 0600 and reused; PII_KEY wins', async (t) => {
  const dir = t.testdir()
  const key = loadPiiKey({ dataDir: dir })
  t.match(key, /^[0-9a-f]{64}$/)
  t.equal(statSync(join(dir, 'pii.key')).mode & 0o777, 0o600)
  t.equal(loadPiiKey({ dataDir: dir }), key, 'second start reads the same key')
  t.equal(loadPiiKey({ dataDir: dir, piiKey: 'AB'.repeat(32) }), 'ab'.repeat(32))
})

t.test('the app decorates pii with the data-dir key, so a restart can still decrypt', async (t) => {
  const dir = t.testdir()
  const first = await testApp(t, { dataDir: dir })
  const sealed = first.pii.encrypt('13812345678')
  await first.close()
  const second = await testApp(t, { dataDir: dir })
  t.equal(second.pii.decrypt(sealed), '13812345678')
})

t.test('PII_KEY_FILE: the key lives outside the data dir, is never generated there, and must exist', async (t) => {
  const dataDir = freshDir(t)
  const keyDir = freshDir(t)
  const file = join(keyDir, 'laborlink-pii.key')
  writeFileSync(file, `${'cd'.repeat(32)}\n`, { mode: 0o600 })
  const first = await testApp(t, { dataDir, piiKeyFile: file })
  const sealed = first.pii.encrypt('140924199001011234')
  await first.close()
  t.notOk(existsSync(join(dataDir, 'pii.key')), 'no key file written in the data dir')
  t.equal(createPii('cd'.repeat(32)).decrypt(sealed), '140924199001011234', 'sealed with the key from the file')

  t.throws(() => loadPiiKey({ dataDir, piiKeyFile: join(keyDir, 'typo.key') }), /PII_KEY_FILE .*typo\.key cannot be read/)
  t.notOk(existsSync(join(keyDir, 'typo.key')), 'a mistyped path does not create a second key')
  writeFileSync(join(keyDir, 'bad.key'), 'not a key')
  t.throws(() => loadPiiKey({ dataDir, piiKeyFile: join(keyDir, 'bad.key') }), /64-hex-digit/)

  t.equal(loadConfig({ PII_KEY_FILE: file }).piiKeyFile, file)
  t.throws(() => loadConfig({ PII_KEY_FILE: file, PII_KEY: 'ab'.repeat(32) }), /PII_KEY and PII_KEY_FILE/)
})
