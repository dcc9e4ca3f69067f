/**
 * The cap on the characters one batch or thread may hold (MAX_REQUEST_CHARS): what bounds a
 * request's scoring time, whatever its shape. Counted before any text is scored.
 */
import { codePoints } from '../scoring/request.js'

/** A 413 naming the limit, for the error handler to answer in the envelope. */
export function checkRequestChars(texts: Iterable<string | undefined>, limit: number, what: string): void {
  const present = [...texts].filter((t): t is string => t !== undefined)
  // UTF-16 units are at least as many as code points: counted only when the units leave a doubt.
  if (present.reduce((n, t) => n + t.length, 0) <= limit) return
  const total = present.reduce((n, t) => n + codePoints(t), 0)
  if (total <= limit) return
  const error = new Error(
    `${what} holds ${total} characters of text; the limit per request is ${limit} (MAX_REQUEST_CHARS): send it in smaller requests`,
  ) as Error & { statusCode: number }
  error.statusCode = 413
  throw error
}
