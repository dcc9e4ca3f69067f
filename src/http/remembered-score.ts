/**
 * Score one text with the template memory around it, as every scoring route does: prepare the
 * text once, fingerprint its tokens, look the fingerprint up (before scoring, so this text never
 * counts itself), score the document with what was seen as its context, then remember the
 * submission unless the client said `remember: false`. A store that cannot be reached costs the
 * repeated-template signal and adds a warning; it never fails the request.
 */
import type { FastifyInstance } from 'fastify'
import { prepare, type Doc, type Kind } from '../engine/document.js'
import { fingerprintTokens, type Signature } from '../engine/fingerprint.js'
import type { ScoreResult } from '../engine/score.js'

export interface RememberedInput {
  text: string
  kind?: Kind
  parent?: string
  author?: string
  remember?: boolean
}

/** A text prepared for scoring, with its fingerprint: what a thread computes first, for its clusters. */
export interface Prepared {
  doc: Doc
  signature: Signature | null
}

export function prepareRemembered(input: RememberedInput, parent: string | Doc['parent'] = input.parent): Prepared {
  const doc = prepare(input.text, { kind: input.kind, parent })
  return { doc, signature: fingerprintTokens(doc.tokens) }
}

export async function scoreRemembering(app: FastifyInstance, input: RememberedInput, prepared: Prepared = prepareRemembered(input)): Promise<ScoreResult> {
  const { doc, signature } = prepared
  const recall = await app.templateMemory.recall(signature, input.author, input.parent)
  const result = app.scorer.scoreDoc({ ...doc, memory: recall.memory })
  if (recall.warning) result.warnings.push(recall.warning)
  if (input.remember !== false) await app.templateMemory.remember(signature, input.author, input.parent)
  return result
}
