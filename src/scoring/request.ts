/**
 * What a caller asks to have scored: one text, its kind, its parent post, its author and whether it
 * may be remembered. The HTTP routes and the CLI validate with this same schema.
 */
import { createRequire } from 'node:module'
import { z } from 'zod'
import { ExplainSchema } from '../engine/result.js'

export const MAX_TEXT_CHARS = 20_000

/**
 * Characters of text (texts and parent posts, in code points) one request may hold by default
 * (MAX_REQUEST_CHARS): a batch or a thread. It bounds a request's scoring time (see README).
 */
export const DEFAULT_MAX_REQUEST_CHARS = 1_000_000

/** Counts code points, so an emoji is one character as a user sees it. */
export function codePoints(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

/** Whether `s` holds at most `max` code points; counted only when its UTF-16 length leaves a doubt. */
export function atMostCodePoints(s: string, max: number): boolean {
  return s.length <= max || (s.length <= max * 2 && codePoints(s) <= max)
}


/** What a JSON value is, for messages: "a number", "null", "an array"… */
export function jsonType(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

/** `expected`, and what came instead: "must be a string, got a number"; "is required: …" when absent. */
export const expecting = (expected: string, required?: string) => (issue: { input?: unknown }) =>
  issue.input === undefined && required !== undefined
    ? `is required: ${required}`
    : `must be ${expected}, got ${typeof issue.input === 'string' ? JSON.stringify(issue.input.slice(0, 40)) : jsonType(issue.input)}`

/** natural's edit distance, loaded on the first unknown field (it costs about 8 ms, with underscore, to load). */
let editDistance: ((a: string, b: string) => number) | undefined

/** The nearest of `known` to `key` when close enough to be a typo ("parnet", "autor"): at most 2 edits. */
function nearest(key: string, known: readonly string[]): string | undefined {
  if (key.length > 64) return undefined // a field name, not a paragraph: the distance is quadratic
  editDistance ??= (createRequire(import.meta.url)('natural/lib/natural/distance/levenshtein_distance.js') as typeof import('natural/lib/natural/distance/levenshtein_distance.js')).DamerauLevenshteinDistance
  let best: string | undefined
  let bestDistance = 3
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase())
    if (d < bestDistance) [best, bestDistance] = [k, d]
  }
  return best
}

/**
 * A JSON object whose unknown fields are an error that names them (a typo such as "parnet" would
 * otherwise drop the parent post without a word), with the nearest known field and the list.
 */
export function strictFields<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape)
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') {
        const named = issue.keys.map((k) => {
          const near = nearest(k, known)
          return `${JSON.stringify(k)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}`
        })
        return `unknown field${named.length > 1 ? 's' : ''} ${named.join(', ')}: the fields are ${known.join(', ')}`
      }
      if (issue.code === 'invalid_type') return issue.input === undefined ? 'is required: a JSON object' : `must be a JSON object, got ${jsonType(issue.input)}`
      return undefined
    },
  })
}

export const ScoreRequestSchema = strictFields({
    text: z
      .string({ error: expecting('a string', 'the post or comment to score, as a string') })
      .refine((s) => /\S/u.test(s), { message: 'must contain at least one character that is not white space' })
      .refine((s) => atMostCodePoints(s, MAX_TEXT_CHARS), {
        message: `must be at most ${MAX_TEXT_CHARS} characters (Unicode code points)`,
      })
      // The limits as JSON Schema keywords too, for generated clients (JSON Schema counts code points).
      .meta({ description: `The post or comment to score: 1 to ${MAX_TEXT_CHARS} characters (Unicode code points), not all white space.`, minLength: 1, maxLength: MAX_TEXT_CHARS }),
    kind: z.enum(['post', 'comment'], { error: expecting('"post" or "comment"') }).default('post').describe('What the text is; a comment is read together with its `parent`.'),
    parent: z
      .string({ error: expecting('a string (the post the comment replies to)') })
      .refine((s) => atMostCodePoints(s, MAX_TEXT_CHARS), {
        message: `must be at most ${MAX_TEXT_CHARS} characters (Unicode code points)`,
      })
      .meta({ maxLength: MAX_TEXT_CHARS })
      .optional()
      .describe(`The post a comment replies to (at most ${MAX_TEXT_CHARS} characters): a comment that shares nothing with it could be posted under anything.`),
    author: z.string({ error: expecting('a string') }).max(256, { message: 'must be at most 256 characters' }).optional().describe('Opaque account id; only its hash is ever kept (template memory).'),
    remember: z.boolean({ error: expecting('true or false') }).default(true).describe('Whether this text may be remembered, as hashes only, by the template memory.'),
    explain: ExplainSchema.default('fired'),
})

export type ScoreRequest = z.infer<typeof ScoreRequestSchema>
