import { countedEvidence, defineSignal, NOTHING } from './define.js'
import { phraseMatcher, matchEvidence } from '../lexicons/match.js'
import { ENGAGEMENT_BAIT, LISTICLE_NOUNS } from '../lexicons/clickbait.js'
import type { Doc, Evidence } from '../engine/document.js'

const baitPhrases = phraseMatcher(ENGAGEMENT_BAIT)

/** How far after a sentence-opening count the listicle noun may come ("17 Insanely Cute Things"). */
const LISTICLE_WINDOW = 3
const COUNT = /^[0-9]{1,3}$/

/** Sentences that open with a count followed closely by a listicle noun ("21 Things ..."). */
function listicles(doc: Doc): Evidence[] {
  const out: Evidence[] = []
  for (const s of doc.sentences) {
    const k = s.firstToken
    if (k >= s.endToken || !COUNT.test(doc.tokens[k].text)) continue
    // A numbered heading or list item ("3.3 Tools", "7) Repeat steps") is not a count.
    const before = doc.text[doc.tokens[k].start - 1]
    if (doc.text[doc.tokens[k].end] !== ' ' || before === '.' || before === ')') continue
    for (let j = k + 1; j < s.endToken && j <= k + LISTICLE_WINDOW; j++) {
      if (LISTICLE_NOUNS.has(doc.tokens[j].lower)) {
        out.push(doc.evidence(doc.tokens[k].start, doc.tokens[j].end, 'listicle opener'))
        break
      }
    }
  }
  return out
}

export default defineSignal({
  id: 'engagement-bait',
  dimension: 'generic',
  description: 'Engagement-bait phrasing: clickbait hooks, listicle openers and hype words ("You won\'t believe", "17 Things", "mind-blowing").',
  source: 'Chakraborty et al. 2016, "Stop Clickbait" (bhargaviparanjape/clickbait word lists, MIT), selected; a few social-media baits added by this project.',
  weight: { fit: 'raises' },
  examples: {
    flagged: [
      { text: "You won't believe what happened next.", evidence: ["You won't believe", 'what happened next'] },
      { text: '17 Things Only Remote Workers Will Understand', evidence: ['17 Things'] },
      { text: 'Am I the only one who finds this mind-blowing?', evidence: ['Am I the only one', 'mind-blowing'] },
    ],
    clean: [
      'LinkedIn members shared 25% more public content between June 2020 and June 2022.',
      '2 Somali-Americans Charged With Aiding Terror',
    ],
  },
  measure(doc) {
    const matches = baitPhrases.find(doc.tokens)
    const lists = listicles(doc)
    const count = matches.length + lists.length
    if (count === 0) return NOTHING
    const evidence = [...matchEvidence(doc, matches), ...lists].sort((a, b) => a.start - b.start)
    return countedEvidence(doc, evidence)
  },
})
