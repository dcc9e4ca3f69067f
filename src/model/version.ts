/**
 * The model version: a hash of what decides a score, not of the code that computes it. It covers
 * the fitted file (weights, thresholds, intercepts, the data's hashes) and every signal's values on
 * a fixed set of probe texts, so a refactor or a comment that changes no value changes no version,
 * and a change that moves a value on any probe does (and a test then asks for a refit).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { prepare } from '../engine/document.js'
import type { Example, Signal } from '../signals/define.js'
import type { Model } from './weights.js'

/** The seed thread (post and comments) ships with the service for its examples. */
const SEED_URL = new URL('../http/seed-thread.json', import.meta.url)

/** Probe texts: the seed thread and every signal's own examples, as the signals' tests read them. */
export function probeTexts(signals: readonly Signal[]): Example[] {
  const seed = JSON.parse(readFileSync(SEED_URL, 'utf8')) as { post: { text: string }; comments: Array<{ text: string }> }
  const post = seed.post.text
  return [
    post,
    ...seed.comments.map((c) => ({ text: c.text, kind: 'comment' as const, parent: post })),
    ...signals.flatMap((s) => [...s.examples.flagged, ...s.examples.clean]),
  ]
}

/** Every signal's value on every probe text, rounded as the answers round them. */
export function probeValues(signals: readonly Signal[]): number[][] {
  return probeTexts(signals).map((e) => {
    const ex = typeof e === 'string' ? { text: e } : e
    const doc = prepare(ex.text, { kind: ex.kind, parent: ex.parent, memory: ex.memory })
    return signals.map((s) => Number(s.measure(doc).value.toPrecision(6)))
  })
}

/** Hash of the model file's content (its own version and provenance aside) and of the probe values. */
export function modelVersion(model: Model, signals: readonly Signal[]): string {
  const { version: _version, createdBy: _createdBy, ...decides } = model
  return createHash('sha256')
    .update(JSON.stringify(decides))
    .update(JSON.stringify(signals.map((s) => s.id)))
    .update(JSON.stringify(probeValues(signals)))
    .digest('hex')
    .slice(0, 12)
}
