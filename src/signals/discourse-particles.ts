import { defineSignal, lexiconDensity } from './define.js'
import { DISCOURSE_PARTICLES } from '../lexicons/register.js'

export default defineSignal({
  id: 'discourse-particles',
  dimension: 'aiStyle',
  description: 'Discourse particles and stance words of involved writing (just, even, only, though, I think, etc.): a human marker that lowers the score.',
  source: 'Biber 1988, involved vs informational production; document frequencies of human vs ChatGPT answers agreeing across GRiD and HC3.',
  weight: { fit: 'lowers' },
  examples: {
    flagged: [{ text: 'It was just a bit late, though.', evidence: ['just', 'bit', 'though'] }, { text: 'Even the king only knew half of it.', evidence: ['Even', 'only', 'knew'] }],
    clean: ['The king received the report in March.', 'The process involves several factors.'],
  },
  measure: lexiconDensity(DISCOURSE_PARTICLES),
})
