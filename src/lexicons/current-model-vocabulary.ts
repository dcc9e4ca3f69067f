/**
 * Words and phrases that current models (GPT-4o, Gemini 1.5, Llama 3 rewrites; Claude Sonnet 5 and
 * GPT-5.6 essays) over-use against human text of the same registers, derived by
 * scripts/derive-lexicon.ts into current-model-phrases.json beside this file, which records the
 * method, the files, their licences and each entry's rates.
 */
import { readFileSync } from 'node:fs'
import type { PhraseEntry } from './match.js'

interface DerivedEntry {
  phrase: string
  aiPerMillion: number
  humanPerMillion: number
  domains: number
}

const derived = JSON.parse(readFileSync(new URL('./current-model-phrases.json', import.meta.url), 'utf8')) as { source: string; entries: DerivedEntry[] }

export const CURRENT_MODEL_PHRASES: PhraseEntry[] = derived.entries.map((e) => ({
  phrase: e.phrase,
  note: `over-used by current models: ${e.aiPerMillion} vs ${e.humanPerMillion} per million words of human text, in ${e.domains} of 20 registers`,
}))
