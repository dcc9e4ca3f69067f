import { defineSignal, density, NOTHING } from './define.js'

/**
 * Semicolons and ellipses ("…" or a run of two or more periods, counted once): marks people use to
 * join or trail off a thought, and assistant answers almost never do.
 */
/** Whether the semicolon at `i` closes an HTML entity ("&amp;", "&#39;"): looks back at most 10 characters. */
function closesEntity(t: string, i: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - 10; k--) {
    const c = t[k]
    if (c === '&') return k < i - 1
    if (!/[#\p{L}\p{N}]/u.test(c)) return false
  }
  return false
}

export default defineSignal({
  id: 'semicolons-ellipses',
  dimension: 'aiStyle',
  description: 'Semicolons and ellipses: punctuation that assistant answers rarely use; a human marker that lowers the score.',
  source:
    'Punctuation counts in human vs ChatGPT answers: semicolons or ellipses appear in 19% of GRiD and 15% of HC3 human answers vs under 1% of ChatGPT ones (../shared/data/dev). ' +
    'Question and exclamation marks are deliberately not used: GRiD\'s AI rows contain none, an artefact of that dataset.',
  examples: {
    flagged: ['It worked; nobody knows why.', 'Well... maybe not.', 'I waited… and waited.'],
    clean: ['It worked. Nobody knows why.', 'Version 2.1 ships today.', 'Salt &amp; pepper, &#39;quoted&#39;.'],
  },
  measure(doc) {
    const t = doc.text
    const spans: Array<[number, number]> = []
    for (let i = 0; i < t.length; i++) {
      const c = t[i]
      if (c === '…' || (c === ';' && !closesEntity(t, i))) spans.push([i, i + 1])
      else if (c === '.' && t[i + 1] === '.') {
        let e = i + 2
        while (t[e] === '.') e++
        spans.push([i, e])
        i = e - 1
      }
    }
    if (spans.length === 0) return NOTHING
    return { value: density(spans.length, doc), evidence: spans.map(([a, b]) => doc.evidence(a, b, t[a] === ';' ? 'semicolon' : 'ellipsis')) }
  },
})
