import { C } from '../engine/chars.js'
import { defineSignal, NOTHING } from './define.js'

/** Fewer symbols than this ("👍") is too little to read either way. */
const MIN_SYMBOLS = 2
/** From this many symbols on the value is 1; two give 2/3. */
const FULL_SYMBOLS = 3

// Applied to one code point at a time.
const SYMBOL = /[\p{P}\p{S}\p{Extended_Pictographic}]/u

const ZWJ = 0x200d
/** Code points that only modify the emoji before them: skin tones, variation selectors, tags, keycap. */
const isModifier = (cp: number) => (cp >= 0x1f3fb && cp <= 0x1f3ff) || (cp >= 0xfe00 && cp <= 0xfe0f) ||
  (cp >= 0xe0020 && cp <= 0xe007f) || cp === C.KEYCAP
const isRegionalIndicator = (cp: number) => cp >= 0x1f1e6 && cp <= 0x1f1ff

/**
 * Emoji and punctuation marks as a reader sees them: a ZWJ sequence ("👨‍👩‍👧"), a skin-toned emoji
 * or a flag counts once. Counted on the original text, since folding drops the joiners.
 * One pass over the code points (Intl.Segmenter was measured superlinear on long runs of "!").
 */
function countSymbols(original: string): number {
  let count = 0
  let joined = false
  let regional = 0
  for (const ch of original) {
    const cp = ch.codePointAt(0) ?? 0
    if (cp === ZWJ) {
      joined = true
      continue
    }
    if (isModifier(cp)) continue
    if (isRegionalIndicator(cp)) {
      if (regional++ % 2 === 0 && !joined) count++
    } else {
      regional = 0
      if (SYMBOL.test(ch) && !joined) count++
    }
    joined = false
  }
  return count
}

export default defineSignal({
  id: 'emoji-only-reply',
  anyLanguage: true,
  dimension: 'generic',
  description: 'Replies made only of emoji or punctuation (at least two), with no words at all ("👏👏👏", "!!!").',
  source: 'Reaction-only replies used by engagement pods to feed ranking; this project.',
  weight: {
    prior: 1.5,
    reason: 'Emoji-only replies are a comment template but YouTube ham has many; prior.',
  },
  examples: {
    flagged: [
      { text: '👏👏👏', kind: 'comment', parent: 'Will AI be LinkedIn’s downfall?', evidence: ['👏👏👏'] },
      { text: '🔥🔥', evidence: ['🔥🔥'] },
      { text: '💯💯 🙌', evidence: ['💯💯 🙌'] },
      { text: '!!!', evidence: ['!!!'] },
      { text: '🇫🇷🇫🇷', evidence: ['🇫🇷🇫🇷'] },
    ],
    clean: ['👍', '👍🏽', '👨‍👩‍👧', '🇫🇷', 'Great 👏👏', '2017 🔥🔥', ''],
  },
  measure(doc) {
    if (doc.tokens.length > 0 || doc.lines.length === 0) return NOTHING
    const symbols = countSymbols(doc.original)
    if (symbols < MIN_SYMBOLS) return NOTHING
    const note = `${symbols} emoji or punctuation marks and no words`
    return {
      value: Math.min(1, symbols / FULL_SYMBOLS),
      evidence: [doc.evidence(doc.lines[0].start, doc.lines[doc.lines.length - 1].end, note)],
    }
  },
})
