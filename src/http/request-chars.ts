/**
 * The cap on the characters one batch or thread may hold (MAX_REQUEST_CHARS): what bounds a
 * request's scoring time, whatever its shape. Counted before any text is scored.
 */
import { codePoints } from '../scoring/request.js'

/** A 413 naming the limit, for the error handler to answer in the envelope. */
export function checkRequestChars(texts: Iterable<string | undefined>, limit: number, what: string): void {
  let total = 0
  for (const text of texts) if (text !== undefined) total += codePoints(text)
  if (total <= limit) return
  const error = new Error(
    `${what} holds ${total} characters of text; the limit per request is ${limit} (MAX_REQUEST_CHARS): send it in smaller requests`,
  ) as Error & { statusCode: number }
  error.statusCode = 413
  throw error
}
