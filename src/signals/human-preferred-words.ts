import { defineSignal, weightedWords } from './define.js'
import { HUMAN_PREFERRED } from '../lexicons/word-preferences.js'

export default defineSignal({
  id: 'human-preferred-words',
  dimension: 'aiStyle',
  description: 'Plain words that human writers use and current models rewrite away (said, told, probably, pretty, whatever, went): lowers the score.',
  source:
    'Derived from human texts and their GPT-4o, Gemini 1.5 and Llama 3 rewrites (modern-rewrites, a half reserved for deriving lists) by scripts/derive-word-preferences.ts: ' +
    'kept only where the preference holds across registers and models; each word weighs by its log rate ratio.',
  weight: { fit: 'lowers' },
  examples: {
    flagged: [{ text: 'He said he would probably come, but whatever, we went anyway.', evidence: ['said', 'probably', 'whatever', 'went', 'anyway'] }, { text: 'She told me the test was extremely difficult.', evidence: ['told', 'extremely', 'difficult'] }],
    clean: ['This remarkable journey highlights a crucial testament to our potential.', 'We fixed the bug on Friday.'],
  },
  measure: weightedWords(HUMAN_PREFERRED),
})
