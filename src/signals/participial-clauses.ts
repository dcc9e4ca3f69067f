import { defineSignal, spanDensity } from './define.js'
import { RESULT_PARTICIPLES } from '../lexicons/participles.js'

/**
 * ", causing …", ", making …", ", highlighting …": a participial clause hung on the end of a
 * clause to state a consequence. The comma may carry stray spacing (" , ").
 */
export default defineSignal({
  id: 'participial-clauses',
  dimension: 'aiStyle',
  description: 'Clauses tacked on after a comma with a present participle (", causing…", ", making it…", ", highlighting…").',
  source:
    'Reinhart et al. 2025 (PNAS, "Do LLMs write like humans?"): instruction-tuned models use present participial clauses at 2–5× the human rate; ' +
    'on the dev data the clause fires on 14% of GRiD ChatGPT answers vs 6% of human ones.',
  examples: {
    flagged: [
      'The explosives compressed the core, causing it to reach a critical mass.',
      'Prices rose sharply , making housing unaffordable for many families.',
    ],
    clean: ['The explosives compressed the core and it reached a critical mass.', 'Several groups, including the miners, went on strike.', 'I left early, according to plan.'],
  },
  measure(doc) {
    const spans: Array<[number, number]> = []
    for (let i = 1; i < doc.tokens.length; i++) {
      const t = doc.tokens[i]
      if (!RESULT_PARTICIPLES.has(t.lower)) continue
      const prev = doc.tokens[i - 1]
      if (prev.sentence !== t.sentence) continue
      const gap = doc.text.slice(prev.end, t.start)
      if (gap.trim() !== ',') continue
      spans.push([prev.end + gap.indexOf(','), t.end])
    }
    return spanDensity(doc, spans, 'participial clause')
  },
})
