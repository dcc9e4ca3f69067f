import { defineSignal, weightedWords } from './define.js'
import { MODEL_PREFERRED } from '../lexicons/word-preferences.js'

export default defineSignal({
  id: 'model-preferred-words',
  dimension: 'aiStyle',
  description: 'Words that current models choose far more often than human writers of the same kind of text (testament, highlights, crucial, journey, individuals).',
  source:
    'Derived from human texts and their GPT-4o, Gemini 1.5 and Llama 3 rewrites (modern-rewrites, a half reserved for deriving lists) by scripts/derive-word-preferences.ts: ' +
    'kept only where the preference holds across registers and models; each word weighs by its log rate ratio.',
  weight: { fit: 'raises' },
  examples: {
    flagged: [{ text: 'This remarkable journey highlights a crucial testament to our shared potential.', evidence: ['remarkable', 'journey', 'highlights', 'crucial', 'testament', 'shared', 'potential'] }, { text: 'Individuals seeking a unique approach will find it truly valuable.', evidence: ['Individuals', 'seeking', 'unique', 'approach', 'truly', 'valuable'] }],
    clean: ['We fixed the bug on Friday.', 'It was cold and we ate soup.'],
  },
  measure: weightedWords(MODEL_PREFERRED),
})
