/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O,
 * S, V, Z); the last is a check character over the first 17 with weights 3^i mod 31.
 */
const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const shape = /^[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}$/

export function creditCodeCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(first17[i]) * weights[i]
  return alphabet[(31 - (sum % 31)) % 31]
}

export function isValidCreditCode(code: string): boolean {
  return shape.test(code) && creditCodeCheckChar(code.slice(0, 17)) === code[17]
}

/** A valid code for demo data: registered by 市场监管 (9), enterprise (1), in `regionCode`. */
export function makeCreditCode(regionCode: string, serial: number): string {
  const org = String(serial).padStart(9, '0').slice(-9)
  const first17 = `91${regionCode.padEnd(6, '0').slice(0, 6)}${org}`
  return first17 + creditCodeCheckChar(first17)
}
