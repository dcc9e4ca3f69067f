/**
 * One piece of moderator feedback as it is stored and exported: what a moderator said a text should
 * be (`authentic` or `templated`), the text's fingerprint, and the text itself only when the caller
 * asked for it to be kept (`storeText: true`). The same shape is a line of the export
 * (GET /v1/feedback/export) and a line that `npm run fit -- --feedback FILE` reads, so one schema
 * describes all three.
 */
import { z } from 'zod'

/** What a moderator says a text should have been scored as. */
export const ExpectedSchema = z
  .enum(['authentic', 'templated'])
  .describe('What the text should be: `templated` (stock, could be posted under anything, or assistant-written) or `authentic` (written for this place by a person).')

export type Expected = z.infer<typeof ExpectedSchema>

/** A fingerprint: 32 lowercase hex digits (128 bits of an HMAC, see fingerprint.ts). */
export const FINGERPRINT_HEX_DIGITS = 32

/** Anchored, one character class, fixed length: nothing to backtrack. */
export const FINGERPRINT_PATTERN = /^[0-9a-f]{32}$/

export const FingerprintSchema = z
  .string()
  .regex(FINGERPRINT_PATTERN)
  .describe(`The text's fingerprint: ${FINGERPRINT_HEX_DIGITS} hex digits, a keyed hash of the text (case and white space folded) under the tenant's key, so the same text from the same tenant always has the same one and the text cannot be read back from it.`)

/** Longest moderator note kept with a row, in code points. */
export const MAX_REASON_CHARS = 500

export const FeedbackRowSchema = z
  .object({
    id: z.string().describe('The row id (a random UUID).'),
    tenant: z
      .string()
      .describe('Whose feedback it is: `shared` without API keys, `name:<name>` for the keys of a named tenant (API_KEYS=name:key), else `key:<key id>` (the first 12 hex digits of the key\'s SHA-256, never the key).'),
    time: z.string().describe('When it was stored (ISO 8601, UTC).'),
    expected: ExpectedSchema,
    fingerprint: FingerprintSchema,
    kind: z.enum(['post', 'comment']).describe('What the text is (as in /v1/score): the fit reads it so.'),
    reason: z.string().optional().describe("The moderator's note, as sent."),
    text: z.string().optional().describe('The text, only when it was sent with `storeText: true`.'),
  })
  .describe('One piece of moderator feedback, as stored and exported (one JSON object per line).')

export type FeedbackRow = z.infer<typeof FeedbackRowSchema>
