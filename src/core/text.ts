import { createHash } from 'node:crypto'

// Every text is normalised once, when it enters the database, and every offset refers to the stored form
// (see docs/anchoring.md): Unicode NFC, LF line endings, no BOM, no control characters but \n and \t.
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g

export function normaliseText(input: string): string {
  return input
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .normalize('NFC')
}

/** The version of a stored text: anchors remember it so a changed text is noticed. */
export function textHash(normalised: string): string {
  return createHash('sha256').update(normalised, 'utf8').digest('hex').slice(0, 16)
}
