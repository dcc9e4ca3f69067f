/**
 * Words that current models prefer, and words they avoid, against human text of the same kind:
 * derived by scripts/derive-word-preferences.ts into word-preferences.json beside this file, which
 * records the method, the data, its licence and each word's rates. Each word weighs by its log
 * rate ratio, so "testament" (models use it 20 times as often) counts more than "within".
 */
import { readFileSync } from 'node:fs'

interface Entry {
  word: string
  logRatio: number
  aiPerMillion: number
  humanPerMillion: number
}

const derived = JSON.parse(readFileSync(new URL('./word-preferences.json', import.meta.url), 'utf8')) as { entries: Entry[] }

/** Words models prefer: word → log rate ratio (> 0). */
export const MODEL_PREFERRED: ReadonlyMap<string, Entry> = new Map(derived.entries.filter((e) => e.logRatio > 0).map((e) => [e.word, e]))
/** Words human writers prefer: word → entry with log rate ratio < 0. */
export const HUMAN_PREFERRED: ReadonlyMap<string, Entry> = new Map(derived.entries.filter((e) => e.logRatio < 0).map((e) => [e.word, e]))
