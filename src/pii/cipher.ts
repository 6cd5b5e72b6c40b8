import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomFillSync } from 'node:crypto'

const IV_BYTES = 12
const TAG_BYTES = 16

/** What the registry needs from its key: sealing, keyed lookup hashes and masking. */
export interface Pii {
  /** AES-256-GCM with a random IV; base64 of iv ‖ ciphertext ‖ tag. */
  encrypt(text: string): string
  /** Throws when the cipher text was not made with this key or was altered. */
  decrypt(cipher: string): string
  /** HMAC-SHA-256 (base64url): equal inputs give equal hashes, so it can be looked up and kept unique. */
  hash(text: string): string
  maskIdNumber(idNumber: string): string
  maskPhone(phone: string): string
}

/** '140924199001011234' → '1409**********1234': the city stays visible, the person does not. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length < 8) return '*'.repeat(idNumber.length)
  return `${idNumber.slice(0, 4)}${'*'.repeat(idNumber.length - 8)}${idNumber.slice(-4)}`
}

/** '13812345678' → '138****5678' */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length)
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
}

/**
 * Two subkeys from one master key (HKDF-SHA-256), so the lookup hashes reveal nothing
 * about the encryption key and either use can be rotated on its own later.
 */
export function deriveKeys(masterHex: string): { encryptionKey: Buffer; hashKey: Buffer } {
  const master = Buffer.from(masterHex, 'hex')
  if (master.length !== 32) throw new Error('PII key must be 32 bytes (64 hex digits)')
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, 'laborlink', info, 32))
  return { encryptionKey: derive('pii-encryption-v1'), hashKey: derive('pii-lookup-hash-v1') }
}

export function createPii(masterHex: string): Pii {
  const { encryptionKey, hashKey } = deriveKeys(masterHex)
  // A key object is imported once; a Buffer key is re-imported by every HMAC (a quarter of its cost).
  const hashKeyObject = createSecretKey(hashKey)
  // One getrandom call per 4,096 IVs instead of one per field: imports seal two fields a row.
  const ivPool = Buffer.alloc(IV_BYTES * 4096)
  let ivOffset = ivPool.length
  const nextIv = () => {
    if (ivOffset >= ivPool.length) {
      randomFillSync(ivPool)
      ivOffset = 0
    }
    const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES))
    ivOffset += IV_BYTES
    return iv
  }
  return {
    encrypt(text) {
      const iv = nextIv()
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv)
      const body = cipher.update(text, 'utf8')
      const tail = cipher.final()
      return Buffer.concat([iv, body, tail, cipher.getAuthTag()]).toString('base64')
    },
    decrypt(sealed) {
      const raw = Buffer.from(sealed, 'base64')
      if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('cipher text too short')
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, raw.subarray(0, IV_BYTES))
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES))
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8')
    },
    hash(text) {
      return createHmac('sha256', hashKeyObject).update(text, 'utf8').digest('base64url')
    },
    maskIdNumber,
    maskPhone,
  }
}
