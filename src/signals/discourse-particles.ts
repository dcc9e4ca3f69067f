import { defineSignal, density, NOTHING } from './define.js'
import { phraseMatcher, matchEvidence } from '../lexicons/match.js'
import { DISCOURSE_PARTICLES } from '../lexicons/register.js'

const words = phraseMatcher(DISCOURSE_PARTICLES)

export default defineSignal({
  id: 'discourse-particles',
  dimension: 'aiStyle',
  description: 'Discourse particles and stance words of involved writing (just, even, only, though, I think, etc.): a human marker that lowers the score.',
  source: 'Biber 1988, involved vs informational production; document frequencies of human vs ChatGPT answers agreeing across GRiD and HC3.',
  examples: {
    flagged: ['It was just a bit late, though.', 'Even the king only knew half of it.'],
    clean: ['The king received the report in March.', 'The process involves several factors.'],
  },
  measure(doc) {
    const matches = words.find(doc.tokens)
    if (matches.length === 0) return NOTHING
    return { value: density(matches.length, doc), evidence: matchEvidence(doc, matches) }
  },
})
