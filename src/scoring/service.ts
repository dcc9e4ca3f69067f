/**
 * The scoring service: what every way in (the HTTP routes, the CLI) calls to score a text.
 * prepare → recall → score → remember: prepare the text once and fingerprint its tokens, look the
 * fingerprint up in the template memory (before scoring, so a text never counts itself), score the
 * document with what was seen as its context, then remember the submission unless the caller said
 * `remember: false`. A store that cannot be reached costs the repeated-template signal and adds a
 * warning; it never fails the request. Without a template memory (the CLI) nothing is recalled or
 * remembered.
 */
import { prepare, type Doc } from '../engine/document.js'
import { fingerprintTokens, type Signature } from '../engine/fingerprint.js'
import type { ScoreResult, Scorer } from '../engine/score.js'
import type { TemplateMemory } from '../store/template-memory.js'
import type { ScoreRequest } from './request.js'

/** One text to score: a scoring request, its defaults optional. */
export type ScoringInput = Pick<ScoreRequest, 'text'> & Partial<Omit<ScoreRequest, 'text'>>

/** A text prepared for scoring, with its fingerprint: what a thread computes first, for its clusters. */
export interface Prepared {
  doc: Doc
  signature: Signature | null
}

/** Told of every text scored (/metrics counts them). */
export type ScoredObserver = (result: ScoreResult) => void

export interface ScoringServiceOptions {
  scorer: Scorer
  /** The template memory; none: nothing is recalled or remembered. */
  memory?: TemplateMemory
  onScored?: ScoredObserver
}

export class ScoringService {
  readonly scorer: Scorer
  readonly memory: TemplateMemory | undefined
  private readonly onScored: ScoredObserver | undefined

  constructor(options: ScoringServiceOptions) {
    this.scorer = options.scorer
    this.memory = options.memory
    this.onScored = options.onScored
  }

  /** Prepare a text once; a thread passes the post's prepared tokens as every comment's parent. */
  prepare(input: ScoringInput, parent: string | Doc['parent'] = input.parent): Prepared {
    const doc = prepare(input.text, { kind: input.kind, parent })
    return { doc, signature: fingerprintTokens(doc.tokens) }
  }

  async score(input: ScoringInput, prepared: Prepared = this.prepare(input)): Promise<ScoreResult> {
    const { doc, signature } = prepared
    const recall = this.memory ? await this.memory.recall(signature, input.author, input.parent) : {}
    const result = this.scorer.scoreDoc({ ...doc, memory: recall.memory })
    if (recall.warning) result.warnings.push(recall.warning)
    this.onScored?.(result)
    if (this.memory && input.remember !== false) await this.memory.remember(signature, input.author, input.parent)
    return result
  }

  async close(): Promise<void> {
    await this.memory?.close()
  }
}
