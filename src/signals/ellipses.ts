import { defineSignal, density, NOTHING } from './define.js'

/**
 * Ellipses ("…" or a run of two or more periods, counted once): the mark of a thought trailing off
 * or a pause for effect, which assistant answers almost never use. Semicolons were measured too
 * and left out: GPT-3.5 never used them, but current models do ("It wasn't just about the miles;
 * it was about the mission"), so a weight fitted on the dev data would misread 2024–26 text.
 */
export default defineSignal({
  id: 'ellipses',
  dimension: 'aiStyle',
  description: 'Ellipses (… or ...): a pause or trailing thought that assistant answers rarely write; a human marker that lowers the score.',
  source:
    'Punctuation counts in human vs ChatGPT answers (../shared/data/dev): ellipses appear in 10% of GRiD and 5% of HC3 human answers and in none of the ChatGPT ones. ' +
    'Question and exclamation marks are deliberately not used: GRiD\'s AI rows contain none, an artefact of that dataset.',
  examples: {
    flagged: ['Well... maybe not.', 'I waited… and waited.', 'So it goes.....'],
    clean: ['It worked. Nobody knows why.', 'Version 2.1 ships today.', 'It worked; nobody knows why.'],
  },
  measure(doc) {
    const t = doc.text
    const spans: Array<[number, number]> = []
    for (let i = t.indexOf('.'); i >= 0 && i < t.length; i = t.indexOf('.', i + 1)) {
      if (t[i + 1] !== '.') continue
      let e = i + 2
      while (t[e] === '.') e++
      spans.push([i, e])
      i = e - 1
    }
    if (spans.length === 0) return NOTHING
    return { value: density(spans.length, doc), evidence: spans.map(([a, b]) => doc.evidence(a, b, 'ellipsis')) }
  },
})
