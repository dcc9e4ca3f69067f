import { defineSignal, density, NOTHING } from './define.js'
import type { Token } from '../engine/document.js'

const SUBJECTS = new Set(['it', "it's"])
const VERBS = new Set(['is', 'was', 'can', 'may', 'might', 'would', 'could', 'remains', 'seems'])
/** Words that may stand between the verb and the adjective ("it is also important", "it can be difficult"). */
const FILLERS = new Set(['be', 'not', 'also', 'often', 'generally', 'always', 'still', 'very', 'quite', 'particularly', 'especially', 'therefore', 'thus', 'however', 'highly', 'equally', 'sometimes', 'usually', 'important', 'worth'])
const LINKS = new Set(['to', 'that', 'whether', 'for', 'how', 'if'])
/** Adjectives of evaluation and likelihood that fill the frame "it is ADJ to/that". */
const ADJECTIVES = new Set([
  'important', 'essential', 'crucial', 'vital', 'necessary', 'possible', 'impossible', 'likely', 'unlikely', 'difficult', 'hard',
  'easy', 'common', 'uncommon', 'clear', 'unclear', 'worth', 'advisable', 'recommended', 'helpful', 'useful', 'beneficial',
  'challenging', 'critical', 'key', 'noteworthy', 'evident', 'apparent', 'known', 'believed', 'thought', 'generally', 'best',
  'normal', 'natural', 'understandable', 'reasonable', 'accurate', 'inaccurate', 'true', 'safe', 'appropriate', 'imperative',
  'interesting', 'fascinating', 'notable', 'certain', 'uncertain', 'probable', 'plausible', 'fair',
])

/** "it is (filler)* ADJ to|that" within a bounded window: linear in the tokens. */
function frameAt(tokens: Token[], i: number): number {
  if (!SUBJECTS.has(tokens[i].lower)) return -1
  let k = i + 1
  if (tokens[i].lower === 'it') {
    if (k >= tokens.length || !VERBS.has(tokens[k].lower)) return -1
    k++
  }
  for (let steps = 0; steps < 3 && k < tokens.length && FILLERS.has(tokens[k].lower) && !ADJECTIVES.has(tokens[k].lower); steps++) k++
  if (k >= tokens.length || !ADJECTIVES.has(tokens[k].lower)) return -1
  k++
  if (k < tokens.length && LINKS.has(tokens[k].lower) && tokens[k].sentence === tokens[i].sentence) return k + 1
  return -1
}

export default defineSignal({
  id: 'impersonal-constructions',
  dimension: 'aiStyle',
  description: 'Impersonal evaluation frames ("it is important to", "it is likely that", "it can be difficult to") that keep the writer out of the sentence.',
  source: 'Extraposed "it is ADJ to/that" frames (Biber et al. 1999) are over-represented in ChatGPT answers of HC3 and GRiD; the hedges lexicon lists the stock ones, this frame generalises them.',
  examples: {
    flagged: ['It is important to consult a doctor.', "It's unlikely that the treaty was ever signed.", 'It can be difficult to know.'],
    clean: ['I think you should see a doctor.', 'It is raining in Leeds.', 'It was important.'],
  },
  measure(doc) {
    const spans: Array<[number, number]> = []
    for (let i = 0; i < doc.tokens.length; i++) {
      const end = frameAt(doc.tokens, i)
      if (end > 0) {
        spans.push([i, end])
        i = end - 1
      }
    }
    if (spans.length === 0) return NOTHING
    return {
      value: density(spans.length, doc),
      evidence: spans.map(([a, b]) => doc.evidence(doc.tokens[a].start, doc.tokens[b - 1].end, 'impersonal evaluation frame')),
    }
  },
})
