/**
 * Where texts are scored. `threadEngine` keeps scoring in this thread (tests, the CLI);
 * `poolEngine` scores on a pool of worker threads (piscina), so a large request never blocks the
 * event loop that answers /healthz and small requests, and every core works.
 *
 * Both keep the last few parent posts prepared: a thread of 1,000 comments folds and tokenises its
 * post once per thread (per worker), not 1,000 times, even while other threads are scored.
 */
import { availableParallelism } from 'node:os'
import { Piscina } from 'piscina'
import { asParent, prepare, type Doc } from '../engine/document.js'
import type { ScoreInput, ScoreResult, Scorer } from '../engine/score.js'
import type { Model } from '../engine/model.js'

/** Where texts are scored: in this thread, or on worker threads. */
export interface ScoringEngine {
  score(input: ScoreInput, signal?: AbortSignal): Promise<ScoreResult>
  /** Texts worth having on the engine at once: 1 in this thread; two per worker on the pool. */
  readonly concurrency: number
  close(): Promise<void>
}

/** Parent posts kept prepared: a worker may hold comments of several threads in turn. */
const PARENTS_KEPT = 8

/** `scorer.score` with the last few parent posts kept prepared (the least recently used goes). */
export function withParentCache(scorer: Scorer): (input: ScoreInput) => ScoreResult {
  const parents = new Map<string, Doc['parent']>()
  return (input) => {
    if (input.parent === undefined) return scorer.score(input)
    let parent = parents.get(input.parent)
    if (parent === undefined) {
      parent = asParent(prepare(input.parent))
      if (parents.size >= PARENTS_KEPT) parents.delete(parents.keys().next().value!)
    } else {
      parents.delete(input.parent) // moved to the newest end
    }
    parents.set(input.parent, parent)
    return scorer.scoreDoc(prepare(input.text, { kind: input.kind, parent, memory: input.memory }), input)
  }
}

/**
 * Scoring in this thread, with a turn of the event loop every few milliseconds of it, so timers (a
 * request's deadline) and other requests get their turn between the texts of a large batch.
 */
export function threadEngine(scorer: Scorer): ScoringEngine {
  const score = withParentCache(scorer)
  const turn = turns()
  return {
    async score(input) {
      await turn()
      return score(input)
    },
    concurrency: 1,
    close: async () => {},
  }
}

/** Inline work between two turns of the event loop. */
const YIELD_EVERY_MS = 5

/** A function that yields to the event loop when YIELD_EVERY_MS have passed since it last did. */
export function turns(): () => Promise<void> | void {
  let since = performance.now()
  return () => {
    if (performance.now() - since <= YIELD_EVERY_MS) return
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        since = performance.now()
        resolve()
      }),
    )
  }
}

/** `task`'s outcome, or the signal's reason as soon as it aborts (the task goes on, unheard). */
function untilAborted<T>(task: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    task.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(err)
      },
    )
  })
}

/** What each worker is started with: the model to score with (the signals are the registry's). */
export interface WorkerData {
  model: Model
}

/** Worker threads by default: one per core. */
export const DEFAULT_THREADS = availableParallelism()

// The worker is the compiled worker.js in dist/, or worker.ts when the sources run through a
// TypeScript loader (tests, tsx); workers inherit the loader with the process's execArgv.
const WORKER = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url).href

/**
 * Texts (with their parent) shorter than this are scored in this thread: handing a text to a worker
 * and its answer back costs about 240 µs, more than scoring a short comment (about 130 µs),
 * measured by `npm run bench` (its worker-pool section).
 */
export const INLINE_MAX_CHARS = 1000

export function poolEngine(scorer: Scorer, threads: number = DEFAULT_THREADS, inlineMaxChars = INLINE_MAX_CHARS): ScoringEngine & { readonly threads: number } {
  const workerData: WorkerData = { model: scorer.model }
  // Two tasks in each worker's hands: the next text is already waiting when one is done. With one,
  // a worker idles for the round trip through this thread between texts: measured 1.4 MB/s per
  // worker against 2.2 in a plain loop; with two, 2.2 (npm run bench, worker-pool section).
  const pool = new Piscina({ filename: WORKER, minThreads: threads, maxThreads: threads, idleTimeout: Infinity, workerData, concurrentTasksPerWorker: 2 })
  const inline = threadEngine(scorer)
  return {
    threads,
    concurrency: 2 * threads,
    async score(input, signal) {
      if (input.text.length + (input.parent?.length ?? 0) < inlineMaxChars) return inline.score(input, signal)
      // The signal is not handed to piscina: aborting a running task terminates its worker, and with
      // it the other task that worker holds, maybe another request's. A task is at most a text and a
      // post of 20,000 characters each, so it runs to its end and its answer is dropped.
      signal?.throwIfAborted()
      const task = pool.run(input) as Promise<ScoreResult>
      return signal ? untilAborted(task, signal) : task
    },
    close: () => pool.destroy(),
  }
}
