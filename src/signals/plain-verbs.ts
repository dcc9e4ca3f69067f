import { defineSignal, lexiconDensity } from './define.js'
import { PLAIN_VERBS } from '../lexicons/register.js'

export default defineSignal({
  id: 'plain-verbs',
  dimension: 'aiStyle',
  description: 'Plain everyday verbs of telling what happened (got, went, came, happened, told): a human marker that lowers the score.',
  source: 'Biber 1988, narrative vs informational production; document frequencies of human vs ChatGPT answers agreeing across GRiD and HC3.',
  weight: { fit: 'lowers' },
  examples: {
    flagged: [{ text: 'We got there late and they told us to wait.', evidence: ['got', 'told'] }, { text: 'It happened when the war started.', evidence: ['happened', 'started'] }],
    clean: ['The treaty established a framework for cooperation.', 'Several factors influence the outcome.'],
  },
  measure: lexiconDensity(PLAIN_VERBS),
})
