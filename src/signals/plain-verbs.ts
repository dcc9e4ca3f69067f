import { defineSignal, density, NOTHING } from './define.js'
import { phraseMatcher, matchEvidence } from '../lexicons/match.js'
import { PLAIN_VERBS } from '../lexicons/register.js'

const words = phraseMatcher(PLAIN_VERBS)

export default defineSignal({
  id: 'plain-verbs',
  dimension: 'aiStyle',
  description: 'Plain everyday verbs of telling what happened (got, went, came, happened, told): a human marker that lowers the score.',
  source: 'Biber 1988, narrative vs informational production; document frequencies of human vs ChatGPT answers agreeing across GRiD and HC3.',
  examples: {
    flagged: ['We got there late and they told us to wait.', 'It happened when the war started.'],
    clean: ['The treaty established a framework for cooperation.', 'Several factors influence the outcome.'],
  },
  measure(doc) {
    const matches = words.find(doc.tokens)
    if (matches.length === 0) return NOTHING
    return { value: density(matches.length, doc), evidence: matchEvidence(doc, matches) }
  },
})
