/**
 * Score one text with the template memory around it, as every scoring route does: fingerprint the
 * text, look the fingerprint up (before scoring, so this text never counts itself), score with what
 * was seen as the document's context, then remember the submission unless the client said
 * `remember: false`. A store that cannot be reached costs the repeated-template signal and adds a
 * warning; it never fails the request.
 */
import type { FastifyInstance } from 'fastify'
import type { Kind } from '../engine/document.js'
import { fingerprint, type Signature } from '../engine/fingerprint.js'
import type { ScoreResult } from '../engine/score.js'

export interface RememberedInput {
  text: string
  kind?: Kind
  parent?: string
  author?: string
  remember?: boolean
  /** The text's fingerprint, when the caller computed it already (threads do, for the clusters). */
  signature?: Signature | null
}

export async function scoreRemembering(app: FastifyInstance, input: RememberedInput): Promise<ScoreResult> {
  const signature = input.signature === undefined ? fingerprint(input.text) : input.signature
  const recall = await app.templateMemory.recall(signature, input.author, input.parent)
  const result = app.scorer.score({ text: input.text, kind: input.kind, parent: input.parent, memory: recall.memory })
  if (recall.warning) result.warnings.push(recall.warning)
  if (input.remember !== false) await app.templateMemory.remember(signature, input.author, input.parent)
  return result
}
