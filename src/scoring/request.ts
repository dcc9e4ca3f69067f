/**
 * What a caller asks to have scored: one text, its kind, its parent post, its author and whether it
 * may be remembered. The HTTP routes and the CLI validate with this same schema.
 */
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


export const ScoreRequestSchema = z
  .object({
    text: z
      .string({ error: 'text must be a string' })
      .refine((s) => /\S/u.test(s), { message: 'text must contain at least one character that is not white space' })
      .refine((s) => atMostCodePoints(s, MAX_TEXT_CHARS), {
        message: `text must be at most ${MAX_TEXT_CHARS} characters`,
      })
      .describe(`The post or comment to score: 1 to ${MAX_TEXT_CHARS} characters (Unicode code points), not all white space.`),
    kind: z.enum(['post', 'comment']).default('post').describe('What the text is; a comment is read together with its `parent`.'),
    parent: z
      .string()
      .refine((s) => atMostCodePoints(s, MAX_TEXT_CHARS), {
        message: `parent must be at most ${MAX_TEXT_CHARS} characters`,
      })
      .optional()
      .describe('The post a comment replies to: a comment that shares nothing with it could be posted under anything.'),
    author: z.string().max(256).optional().describe('Opaque account id; only its hash is ever kept (template memory).'),
    remember: z.boolean().default(true).describe('Whether this text may be remembered, as hashes only, by the template memory.'),
    explain: ExplainSchema.default('fired'),
  })

export type ScoreRequest = z.infer<typeof ScoreRequestSchema>
