import { defineSignal, spanDensity } from './define.js'

/** An aside longer than this is not an aside (or its bracket is never closed). */
const MAX_ASIDE_CHARS = 200

export default defineSignal({
  id: 'parenthetical-asides',
  dimension: 'aiStyle',
  description: 'Parenthetical asides with words in them (like this one): a human marker that lowers the score.',
  source: 'Parentheses per word in human vs ChatGPT answers (GRiD, HC3): people digress in brackets, assistants rarely do. Markdown link targets "](...)" are not counted.',
  examples: {
    flagged: ['The bridge (the old one, not the new one) closed in 1998.', 'We left early (too early, as it turned out).'],
    clean: ['The bridge closed in 1998.', 'See [the report](https://example.com/report) for details.', 'f(x) = 2x'],
  },
  measure(doc) {
    const text = doc.text
    const found: Array<[number, number]> = []
    let i = text.indexOf('(')
    while (i >= 0) {
      const close = text.indexOf(')', i + 1)
      if (close < 0) break
      const inside = text.slice(i + 1, close)
      const isLink = i > 0 && text.charCodeAt(i - 1) === 93 // "](" : a markdown link target
      const isCall = i > 0 && /[\p{L}\p{N}]/u.test(text[i - 1]) // f(x), word(s)
      if (!isLink && !isCall && close - i <= MAX_ASIDE_CHARS && inside.includes(' ') && /\p{L}{2}/u.test(inside) && !inside.includes('://')) {
        found.push([i, close + 1])
      }
      i = text.indexOf('(', close + 1)
    }
    return spanDensity(doc, found, 'parenthetical aside')
  },
})
