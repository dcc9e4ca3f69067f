import { defineSignal, lexiconDensity } from './define.js'

/**
 * Sentence openers of speech: a conjunction or interjection where school grammar wants a full
 * clause. Assistant models almost never open a sentence this way. Not "Sure": "Sure! I'd be happy
 * to help" is how chat assistants open.
 */
const OPENERS = ['and', 'but', 'so', 'or', 'because', 'well', 'oh', 'also', 'plus', 'yeah', 'anyway', 'now', 'still', 'ok', 'okay', 'honestly', 'basically'].map(
  (phrase) => ({ phrase, note: 'conversational sentence opener' }),
)

export default defineSignal({
  id: 'conversational-openers',
  dimension: 'aiStyle',
  description: 'Sentences that open like speech (And…, But…, So…, Well…, Oh…): a human marker that lowers the score.',
  source: 'Document frequencies of sentence-initial conjunctions in human vs ChatGPT answers (GRiD, HC3); Biber 1988 on involved vs informational production.',
  weight: { fit: 'lowers' },
  examples: {
    flagged: [{ text: 'So we tried again. But the second run failed too.', evidence: ['So', 'But'] }, { text: 'Well, that depends on the harbour.', evidence: ['Well'] }],
    clean: ['The second run failed as well.', 'It depends on the harbour and the season.'],
  },
  measure: lexiconDensity(OPENERS, { atSentenceStart: true }),
})
