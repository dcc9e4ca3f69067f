import type { Token } from '../engine/document.js'
import { countedEvidence, defineSignal, NOTHING } from './define.js'
import { CONTRACTION_SUFFIXES, S_CONTRACTION_HOSTS } from '../lexicons/contractions.js'

/** Whether a word token is a contraction: n't, 're, 've, 'll, 'd, 'm, or 's after a pronoun-like word (see the lexicon for the exceptions). */
function isContraction(tok: Token): boolean {
  const w = tok.lower
  const apostrophe = w.lastIndexOf("'")
  if (apostrophe <= 0) return false
  const suffix = w.slice(apostrophe + 1)
  const stem = w.slice(0, apostrophe)
  if (suffix === 't') return stem.endsWith('n') // don't, can't, won't, isn't; not "gov't"
  if (suffix === 's') return S_CONTRACTION_HOSTS.has(stem)
  return CONTRACTION_SUFFIXES.has(suffix)
}

/**
 * Human marker: contractions (don't, it's, they're, I'm). Conversational writing contracts; assistant
 * answers of the GPT-3.5 era mostly spelled forms out. It lowers the score.
 */
export default defineSignal({
  id: 'contractions',
  dimension: 'aiStyle',
  description: "Contractions (don't, can't, they're, I've); a human marker that lowers the score.",
  source:
    'Formality markers in register studies (Biber 1988, contractions as a feature of involved ' +
    'production); HC3 and GRiD human answers contract far more often than the ChatGPT answers, ' +
    'except for "it\'s", "here\'s" and "let\'s", which assistants favour and which are not counted.',
  weight: { fit: 'lowers' },
  examples: {
    flagged: [{ text: "Honestly, I don't think they're ready for it.", evidence: ["don't", "they're"] }, { text: "We've tried that and it won't work.", evidence: ["We've", "won't"] }, { text: "That's what she's been saying.", evidence: ["That's", "she's"] }],
    clean: [
      "The company's revenue grew, and John's team did not miss a deadline.",
      "It's important to note that results may vary. Let's explore why. Here's a summary.",
    ],
  },
  measure(doc) {
    const evidence = []
    for (const tok of doc.tokens) if (isContraction(tok)) evidence.push(doc.evidence(tok.start, tok.end, 'contraction'))
    if (evidence.length === 0) return NOTHING
    return countedEvidence(doc, evidence)
  },
})
