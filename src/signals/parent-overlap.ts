import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js'
import type { Token } from '../engine/document.js'
import { defineSignal, NOTHING } from './define.js'
import { findPraise } from '../lexicons/praise-find.js'
import { STOP_WORDS } from '../lexicons/stopwords.js'

/** Below this share of the comment's content stems found in the post, the comment is off-post. */
const MAX_SHARED = 0.2
/** Comments with fewer content words get a proportionally smaller value ("Thanks!" says little). */
const FULL_WEIGHT_WORDS = 3
/** Porter's suffix regexes backtrack on long letter runs; longer "words" are compared unstemmed. */
const MAX_STEM_LETTERS = 30

/**
 * Stems already computed, by word. natural's Porter stemmer costs over a microsecond a word, and a
 * comment's parent post comes again with every comment (a thread stems its post once per comment):
 * stemming was 450 µs of a 300-character comment with a 2,000-character parent, seven times the rest
 * of its score. Words repeat, so a bounded memo answers nearly all of them; a stem depends on the
 * word alone, so the answers are the same. Emptied when full, which bounds its memory (~2 MB).
 */
const STEM_MEMO_MAX = 20_000
const stemMemo = new Map<string, string>()

function stem(lower: string): string {
  const known = stemMemo.get(lower)
  if (known !== undefined) return known
  const w = lower.endsWith("'s") ? lower.slice(0, -2) : lower
  const stemmed = w.length > MAX_STEM_LETTERS ? w : PorterStemmer.stem(w)
  if (stemMemo.size >= STEM_MEMO_MAX) stemMemo.clear()
  stemMemo.set(lower, stemmed)
  return stemmed
}

const isContent = (t: Token) => t.lower.length >= 2 && !STOP_WORDS.has(t.lower)

export default defineSignal({
  id: 'parent-overlap',
  dimension: 'generic',
  description: 'Comments that share (almost) no content words with the post they answer, so they could sit under any post.',
  source: 'Lexical overlap between reply and context as a relevance cue (stemmed content words, Porter 1980, via natural); this project.',
  weight: {
    prior: 1.5,
    reason: 'No dev file pairs comments with their parent post; prior: a comment sharing no content word with the post it answers could be posted under anything.',
  },
  examples: {
    flagged: [
      { text: 'Great post Bruce! Very timely.', kind: 'comment', parent: 'Will AI be LinkedIn’s downfall? Microsoft is pushing AI-written posts.', evidence: ['Great post Bruce! Very timely.'] },
      { text: 'Thanks for adding to this important conversation.', kind: 'comment', parent: 'Will AI be LinkedIn’s downfall?', evidence: ['Thanks for adding to this important conversation.'] },
    ],
    clean: [
      { text: 'AI posts are already everywhere on LinkedIn, and Microsoft keeps pushing them.', kind: 'comment', parent: 'Will AI be LinkedIn’s downfall? Microsoft is pushing AI-written posts.' },
      'Great post Bruce! Very timely.',
    ],
  },
  measure(doc) {
    if (doc.kind !== 'comment' || doc.parent === undefined) return NOTHING
    const parentStems = new Set<string>()
    for (const t of doc.parent.tokens) if (isContent(t)) parentStems.add(stem(t.lower))
    // Praise words ("great post") are about the post as an object, not its content: never shared.
    const { covered } = findPraise(doc)
    const stems = new Map<string, boolean>()
    for (let k = 0; k < doc.tokens.length; k++) {
      const t = doc.tokens[k]
      if (!isContent(t)) continue
      const s = stem(t.lower)
      const shared = covered[k] === 0 && parentStems.has(s)
      stems.set(s, (stems.get(s) ?? false) || shared)
    }
    const n = stems.size
    if (n === 0) return NOTHING
    let shared = 0
    for (const v of stems.values()) if (v) shared++
    const share = shared / n
    if (share >= MAX_SHARED) return NOTHING
    const value = (1 - share / MAX_SHARED) * Math.min(1, n / FULL_WEIGHT_WORDS)
    const note = `${shared} of ${n} content words appear in the post`
    return { value, evidence: [doc.evidence(doc.lines[0].start, doc.lines[doc.lines.length - 1].end, note)] }
  },
})
