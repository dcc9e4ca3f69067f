/**
 * The scoring service: what every way in (the HTTP routes, the CLI) calls to score a text.
 * fingerprint → recall → score → remember: fingerprint the text's words, look the fingerprint up
 * in the template memory (before scoring, so a text never counts itself), score the text with what
 * was seen as its context, then remember the submission unless the caller said `remember: false`
 * or the request ran out of time. A store that cannot be reached costs the repeated-template
 * signal and adds a warning; it never fails the request. Without a template memory (the CLI)
 * nothing is recalled or remembered.
 *
 * The scoring itself runs on a ScoringEngine: in this thread, or on a pool of worker threads
 * (engine.ts), so a large request never blocks the server.
 */
import { fold } from '../engine/normalize.js'
import { tokenize } from '../engine/document.js'
import { fingerprintTokens, type Signature } from '../engine/fingerprint.js'
import type { ScoreInput, ScoreResult, Scorer } from '../engine/score.js'
import type { TemplateMemory } from '../store/template-memory.js'
import type { ScoreRequest } from './request.js'

/** One text to score: a scoring request, its defaults optional. */
export type ScoringInput = Pick<ScoreRequest, 'text'> & Partial<Omit<ScoreRequest, 'text'>>

/** What the caller's request adds: whose template memory, and whether it is still wanted. */
export interface ScoringContext {
  /** The tenant whose template memory is read and written (see src/store/); none: the shared one. */
  tenant?: string
  /** Aborted when the request gave up (timed out, client gone): nothing is remembered for it. */
  signal?: AbortSignal
}

/** Where texts are scored: `score` in this thread, or on worker threads (engine.ts). */
export interface ScoringEngine {
  score(input: ScoreInput, signal?: AbortSignal): Promise<ScoreResult>
  close(): Promise<void>
}

/** The scorer in this thread, as an engine. */
export function inlineEngine(scorer: Scorer): ScoringEngine {
  return {
    score: async (input) => scorer.score(input),
    close: async () => {},
  }
}

/** A scored text with its fingerprint (a thread clusters its comments by them). */
export interface Scored {
  result: ScoreResult
  signature: Signature | null
}

/** Told of every text scored (/metrics counts them). */
export type ScoredObserver = (result: ScoreResult) => void

export interface ScoringServiceOptions {
  /** The signals and model: the catalogue routes read them; the engine scores with the same. */
  scorer: Scorer
  /** Where texts are scored; default: `scorer` in this thread. */
  engine?: ScoringEngine
  /** The template memory; none: nothing is recalled or remembered. */
  memory?: TemplateMemory
  onScored?: ScoredObserver
}

/** The fingerprint of a text's words: what the template memory is keyed by. Linear in the text. */
export function fingerprintText(text: string): Signature | null {
  return fingerprintTokens(tokenize(fold(text).text))
}

export class ScoringService {
  readonly scorer: Scorer
  readonly memory: TemplateMemory | undefined
  private readonly engine: ScoringEngine
  private readonly onScored: ScoredObserver | undefined

  constructor(options: ScoringServiceOptions) {
    this.scorer = options.scorer
    this.engine = options.engine ?? inlineEngine(options.scorer)
    this.memory = options.memory
    this.onScored = options.onScored
  }

  async score(input: ScoringInput, context: ScoringContext = {}): Promise<Scored> {
    const { signal, tenant } = context
    const signature = fingerprintText(input.text)
    const recall = this.memory ? await this.memory.recall(signature, input.author, input.parent, tenant) : {}
    signal?.throwIfAborted()
    const result = await this.engine.score({ text: input.text, kind: input.kind, parent: input.parent, memory: recall.memory }, signal)
    if (recall.warning) result.warnings.push(recall.warning)
    this.onScored?.(result)
    signal?.throwIfAborted()
    if (this.memory && input.remember !== false) await this.memory.remember(signature, input.author, input.parent, tenant)
    return { result, signature }
  }

  async close(): Promise<void> {
    await Promise.all([this.engine.close(), this.memory?.close()])
  }
}
