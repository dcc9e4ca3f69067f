import { defineSignal, spanDensity } from './define.js'
import { RESULT_PARTICIPLES } from '../lexicons/participles.js'

/** Participles that work as prepositions (", according to", ", including"): not a clause. */
const PREPOSITIONAL = new Set(['according', 'including', 'regarding', 'concerning', 'considering', 'following', 'excluding', 'during', 'pending', 'notwithstanding'])

/** A form of "be" before the participle makes a progressive ("is making"), not a participial clause. */
const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', "i'm", "it's", "they're", "we're", "you're", "he's", "she's", "that's"])

/**
 * Present participial clauses: a verb in -ing that opens a sentence ("Leveraging its data, the
 * team…") or a clause after a comma (", causing…", ", making it…", ", highlighting…"). The
 * participle must be tagged a verb (src/engine/pos.ts), so ", the building" and "Morning, all" do
 * not count, and participles that work as prepositions (", according to", ", including") never do.
 */
export default defineSignal({
  id: 'participial-clauses',
  dimension: 'aiStyle',
  description: 'Clauses opened by a present participle, at the start of a sentence or after a comma ("Leveraging its data, …", ", causing…", ", highlighting…").',
  source:
    'Reinhart et al. 2025 (PNAS, "Do LLMs write like humans?"): instruction-tuned models use present participial clauses at 2–5× the human rate, their strongest single marker. ' +
    'On the matched dev data (modern-rewrites) the clause is in 50% of the rewrites and 24% of the human originals (mean within-register AUROC 0.67; a list of result verbs alone gave 0.58).',
  weight: { fit: 'raises' },
  examples: {
    flagged: [
      { text: 'The explosives compressed the core, causing it to reach a critical mass.', evidence: [', causing'] },
      { text: 'Prices rose sharply , making housing unaffordable for many families.', evidence: [', making'] },
      { text: 'Leveraging its data, the team built a better forecast.', evidence: ['Leveraging'] },
    ],
    clean: ['The explosives compressed the core and it reached a critical mass.', 'I was making dinner, and it was raining.', 'Morning, all.', 'Several groups, including the miners, went on strike.', 'I left early, according to plan.'],
  },
  measure(doc) {
    const spans: Array<[number, number]> = []
    // The result participles (causing, making, highlighting…) are verbs wherever they open a
    // clause; only other -ing words need the tagger, which costs more than all the rest.
    const isVerb = (i: number) => {
      const t = doc.tokens[i]
      return RESULT_PARTICIPLES.has(t.lower) || doc.sentenceTags(t.sentence)[i - doc.sentences[t.sentence].firstToken] === 'VERB'
    }
    for (let i = 0; i < doc.tokens.length; i++) {
      const t = doc.tokens[i]
      // the word's shape first: only the few sentences with a candidate are tagged
      if (t.lower.length < 5 || !t.lower.endsWith('ing') || PREPOSITIONAL.has(t.lower)) continue
      if (doc.sentences[t.sentence].firstToken === i) {
        if (isVerb(i)) spans.push([t.start, t.end])
        continue
      }
      const prev = doc.tokens[i - 1]
      if (prev.sentence !== t.sentence || BE.has(prev.lower)) continue
      const gap = doc.text.slice(prev.end, t.start)
      if (gap.trim() !== ',' || !isVerb(i)) continue
      spans.push([prev.end + gap.indexOf(','), t.end])
    }
    return spanDensity(doc, spans, 'participial clause')
  },
})
