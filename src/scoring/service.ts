/**
 * The scoring service: what every way in (the HTTP routes, the CLI) calls to score a text.
 * fingerprint → recall → score → remember: fingerprint the text's words, look the fingerprint up
 * in the template memory (before scoring, so a text never counts itself), score the text with what
 * was seen as its context, then remember the submission unless the caller said `remember: false`
 * or the request ran out of time. A store that cannot be reached costs the repeated-template
 * signal and adds a warning; it never fails the request. Without a template memory (the CLI)
 * nothing is recalled or remembered. With author stats on (AUTHOR_STATS) a text with an `author` is
 * counted for that author once scored, and the author's stats come back beside the result: report
 * only, read after the score is made, so they never enter it.
 *
 * The scoring itself runs on a ScoringEngine: in this thread, or on a pool of worker threads
 * (engine.ts), so a large request never blocks the server.
 */
import { foldAndTokenize, releaseFolded } from '../engine/document.js'
import { fingerprintTokens, type Signature } from '../engine/fingerprint.js'
import type { ScoreResult, Scorer } from '../engine/score.js'
import type { Recall, TemplateMemory } from '../store/template-memory.js'
import type { AuthorStats } from '../store/author-stats.js'
import { DEFAULT_MAX_REQUEST_CHARS, type ScoreRequest } from './request.js'
import { threadEngine, type ScoringEngine } from './engine.js'

/** One text to score: a scoring request, its defaults optional. */
export type ScoringInput = Pick<ScoreRequest, 'text'> & Partial<Omit<ScoreRequest, 'text'>>

/** What the caller's request adds: whose template memory, and whether it is still wanted. */
export interface ScoringContext {
  /** The tenant whose template memory is read and written (see src/store/); none: the shared one. */
  tenant?: string
  /** Aborted when the request gave up (timed out, client gone): nothing is remembered for it. */
  signal?: AbortSignal
}

/** A scored text with its fingerprint (a thread clusters its comments by them). */
export interface Scored {
  result: ScoreResult
  signature: Signature | null
  /** The author's stats, this text counted (AUTHOR_STATS on, an `author` given, the store answering); never part of the score. */
  author?: AuthorStats
}

/** Told of every text scored (/metrics counts them). */
export type ScoredObserver = (result: ScoreResult) => void

export interface ScoringServiceOptions {
  /** The signals and model: the catalogue routes read them; the engine scores with the same. */
  scorer: Scorer
  /** Where texts are scored (engine.ts); default: `scorer` in this thread. */
  engine?: ScoringEngine
  /** The template memory; none: nothing is recalled or remembered. */
  memory?: TemplateMemory
  onScored?: ScoredObserver
  /** Characters of text one batch or thread may hold (the routes answer 413 beyond). */
  maxRequestChars?: number
}

/**
 * The fingerprint of a text's words: what the template memory is keyed by. Linear in the text. Its
 * folded tokens are kept for the text's prepare() in this thread (foldAndTokenize); the caller lets
 * them go once the text is scored (releaseFolded).
 */
export function fingerprintText(text: string): Signature | null {
  return fingerprintTokens(foldAndTokenize(text).tokens)
}

export class ScoringService {
  readonly scorer: Scorer
  readonly memory: TemplateMemory | undefined
  readonly maxRequestChars: number
  private readonly engine: ScoringEngine
  private readonly onScored: ScoredObserver | undefined

  constructor(options: ScoringServiceOptions) {
    this.scorer = options.scorer
    this.engine = options.engine ?? threadEngine(options.scorer)
    this.memory = options.memory
    this.onScored = options.onScored
    this.maxRequestChars = options.maxRequestChars ?? DEFAULT_MAX_REQUEST_CHARS
  }

  async score(input: ScoringInput, context: ScoringContext = {}): Promise<Scored> {
    try {
      return await this.scoreOne(input, context)
    } finally {
      releaseFolded() // the text's folded tokens, if no prepare() in this thread took them
    }
  }

  private async scoreOne(input: ScoringInput, context: ScoringContext): Promise<Scored> {
    const { signal, tenant } = context
    const signature = fingerprintText(input.text)
    const recall = this.memory ? await this.memory.recall(signature, input.author, input.parent, tenant) : {}
    signal?.throwIfAborted()
    const result = await this.scoreRecalled(input, recall, signal)
    signal?.throwIfAborted()
    const remembered = this.memory && input.remember !== false ? this.memory.remember(signature, input.author, input.parent, tenant) : undefined
    // Two store calls at once: neither throws, and neither needs the other.
    const [author] = await Promise.all([this.authorStats(input, recall, result, context), remembered])
    return author === undefined ? { result, signature } : { result, signature, author }
  }

  /**
   * Score many texts (a batch, a thread's comments), answered in order, each seeing the template
   * memory as the texts before it left it, as if scored one by one. Only the scoring overlaps: up
   * to `engine.concurrency` texts are on the engine at once (every worker busy), while recall and
   * remember run in order ahead of it. So a text is remembered once it is looked up, before it is
   * scored, and a request stopped at its deadline (or by a failure) may leave up to that many texts
   * remembered but unanswered (sent again, they count no new source).
   */
  async scoreMany(inputs: readonly ScoringInput[], context: ScoringContext = {}): Promise<Scored[]> {
    try {
      return await this.scoreInOrder(inputs, context)
    } finally {
      releaseFolded()
    }
  }

  private async scoreInOrder(inputs: readonly ScoringInput[], context: ScoringContext): Promise<Scored[]> {
    const { signal, tenant } = context
    const scored: Array<Promise<Scored>> = []
    const window = Math.max(1, this.engine.concurrency)
    let failed: unknown
    for (const [i, input] of inputs.entries()) {
      if (i >= window) await scored[i - window] // at most `window` texts on the engine
      signal?.throwIfAborted()
      if (failed !== undefined) throw failed // a text failed: look up and remember no more
      const signature = fingerprintText(input.text)
      const recall = this.memory ? await this.memory.recall(signature, input.author, input.parent, tenant) : {}
      signal?.throwIfAborted()
      if (this.memory && input.remember !== false) await this.memory.remember(signature, input.author, input.parent, tenant)
      const pending = this.scoreRecalled(input, recall, signal).then(async (result): Promise<Scored> => {
        const author = await this.authorStats(input, recall, result, context)
        return author === undefined ? { result, signature } : { result, signature, author }
      })
      // Awaited below, in order; meanwhile a rejection stops the loop and is not unhandled.
      pending.catch((err: unknown) => (failed ??= err))
      scored.push(pending)
    }
    return Promise.all(scored)
  }

  /**
   * Count a scored text for its author and answer the author's stats, when author stats are on and
   * the text names an author: templated when labeled so or when it matches a repeated template.
   * With `remember: false` the stats are read, not counted; for a request that gave up, neither.
   * Undefined when the store fails (the memory logs it and counts it): never a failed request.
   */
  private async authorStats(input: ScoringInput, recall: Recall, result: ScoreResult, context: ScoringContext): Promise<AuthorStats | undefined> {
    const memory = this.memory
    if (memory?.authorWindowSeconds === undefined || !input.author || context.signal?.aborted) return undefined
    const templated = input.remember === false ? undefined : result.label === 'templated' || memory.repeated(recall)
    return memory.authorStats(input.author, context.tenant, templated).catch(() => undefined)
  }

  private async scoreRecalled(input: ScoringInput, recall: Recall, signal: AbortSignal | undefined): Promise<ScoreResult> {
    let result: ScoreResult
    try {
      result = await this.engine.score({ text: input.text, kind: input.kind, parent: input.parent, memory: recall.memory, brief: input.explain === 'none' }, signal)
    } catch (err) {
      signal?.throwIfAborted() // a worker's task cancelled by the signal: the signal's own reason
      throw err
    }
    if (recall.warning) result.warnings.push(recall.warning)
    this.onScored?.(result)
    return result
  }

  async close(): Promise<void> {
    await Promise.all([this.engine.close(), this.memory?.close()])
  }
}
