import { countedEvidence, defineSignal, NOTHING } from './define.js'
import { phraseMatcher, matchEvidence } from '../lexicons/match.js'
import { LINK_TLDS, SELF_PROMOTION } from '../lexicons/self-promotion.js'
import type { Doc, Evidence } from '../engine/document.js'
import { C, isLetterOrDigit, isSpace, linkStartsAt } from '../engine/chars.js'

const promotion = phraseMatcher(SELF_PROMOTION)

/** Characters that end a link besides white space (HTML markup around it in scraped comments). */
const LINK_END = '"<>'

/**
 * Links in a comment: "http(s)://" or "www." up to the next white space or markup, then bare domains
 * ("kidsmediausa.com") outside those. One pass over the text, one over the tokens.
 */
function links(doc: Doc): Evidence[] {
  const { text, tokens } = doc
  const spans: Array<[number, number]> = []
  let i = 0
  while (i < text.length) {
    const c = text.charCodeAt(i)
    // a link opens with h or w (either case) after a character that is no letter or digit: it is
    // looked for at those letters only
    const opens = (c | 32) === 104 || (c | 32) === 119
    if (opens && (i === 0 || !isLetterOrDigit(text[i - 1])) && linkStartsAt(text, i)) {
      let j = i
      while (j < text.length && !isSpace(text.charCodeAt(j)) && !LINK_END.includes(text[j])) j++
      spans.push([i, j])
      i = j
    } else i++
  }
  const out = spans.map(([s, e]) => doc.evidence(s, e, 'link in a comment'))
  let span = 0
  for (let k = 1; k < tokens.length; k++) {
    const t = tokens[k]
    while (span < spans.length && spans[span][1] <= t.start) span++
    if (span < spans.length && spans[span][0] <= t.start) continue
    if (text.charCodeAt(t.start - 1) === C.FULL_STOP && tokens[k - 1].end === t.start - 1 && LINK_TLDS.has(t.lower)) {
      out.push(doc.evidence(tokens[k - 1].start, t.end, 'link in a comment'))
    }
  }
  return out
}

export default defineSignal({
  id: 'self-promotion',
  dimension: 'generic',
  description: 'Templated self-promotion ("check out my channel", "subscribe to me", "link in bio"), and links in comments.',
  source: "UCI YouTube Spam Collection (Alberto et al. 2015) spam phrasing and common social-media promotion; this project's lexicon.",
  weight: { fit: 'raises' },
  examples: {
    flagged: [
      { text: 'Check out my channel, I will subscribe back!', evidence: ['Check out my', 'I will subscribe back'] },
      { text: 'Hey guys please subscribe to my channel :)', evidence: ['please subscribe', 'my channel'] },
      { text: 'Great post, more at kidsmediausa.com', kind: 'comment', parent: 'Will AI be LinkedIn’s downfall?', evidence: ['kidsmediausa.com'] },
    ],
    clean: [
      'I checked the 2017 post again and my view has not changed.',
      'Our team read it on https://example.com/report before the meeting.',
    ],
  },
  measure(doc) {
    const matches = promotion.find(doc.tokens)
    const linkEvidence = doc.kind === 'comment' ? links(doc) : []
    const count = matches.length + linkEvidence.length
    if (count === 0) return NOTHING
    const evidence = [...matchEvidence(doc, matches), ...linkEvidence].sort((a, b) => a.start - b.start)
    return countedEvidence(doc, evidence)
  },
})
