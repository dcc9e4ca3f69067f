/**
 * A scoring worker thread (see engine.ts): the registry's signals with the model it was started
 * with; one text per task, in and out by structured clone.
 */
import { workerData } from 'node:worker_threads'
import { createScorer, type ScoreInput, type ScoreResult } from '../engine/score.js'
import { SIGNALS } from '../signals/index.js'
import { withParentCache, type WorkerData } from './engine.js'

const score = withParentCache(createScorer((workerData as WorkerData).model, SIGNALS))

export default function scoreTask(input: ScoreInput): ScoreResult {
  return score(input)
}
