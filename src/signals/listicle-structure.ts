import type { Doc, Range } from '../engine/document.js'
import { defineSignal, NOTHING } from './define.js'
import { LEAD_IN_ENDINGS, NOT_EMOJI_BULLETS, ORDINARY_LABELS, PLAIN_BULLETS, SYMBOL_BULLETS } from '../lexicons/listicle-structure.js'
import { C, isBlank } from '../engine/chars.js'

/** Fewer listicle lines than this is a one-off, not a structure. */
const MIN_LINES = 2
/** Short texts are measured as if they had this many lines, so two bullets in a two-line reply don't score 1. */
const MIN_DENOMINATOR_LINES = 5
/** A run-in header ("Clarity:", "**Focus**") is short; longer lead-ins are sentences with a colon. */
const MAX_HEADER_WORDS = 6
/** How far into a line a header may end, in UTF-16 units; keeps each line's scan bounded. */
const MAX_HEADER_CHARS = 80

const PICTOGRAPHIC = /^\p{Extended_Pictographic}/u
const LETTER = /^\p{L}/u
const UPPER = /^\p{Lu}/u

interface Marker {
  start: number
  end: number
  note: string
}


/** Number of word tokens of `line` lying wholly inside [from, to). */
function wordsIn(doc: Doc, line: Range, from: number, to: number): number {
  let n = 0
  for (let i = line.firstToken; i < line.endToken && doc.tokens[i].start < to; i++) {
    if (doc.tokens[i].start >= from && doc.tokens[i].end <= to) n++
  }
  return n
}

/** Whether the line holds a word token at or after `from`. */
function hasWordAfter(doc: Doc, line: Range, from: number): boolean {
  return line.endToken > line.firstToken && doc.tokens[line.endToken - 1].start >= from
}

/**
 * A short run-in header starting at `p`: "**Header**", "**Header:**", "Header:" or, after a bullet,
 * "Header – ". Returns the end of the header (past its colon or closing bold), or -1.
 */
function headerEnd(doc: Doc, line: Range, p: number, bulleted: boolean): number {
  const t = doc.text
  const limit = Math.min(line.end, p + MAX_HEADER_CHARS)
  const minWords = bulleted ? 1 : 2
  if ((t[p] === '*' && t[p + 1] === '*') || (t[p] === '_' && t[p + 1] === '_')) {
    const mark = t[p]
    for (let q = p + 2; q + 1 < line.end && q < limit; q++) {
      if (t[q] === mark && t[q + 1] === mark) {
        const words = wordsIn(doc, line, p + 2, q)
        if (words < 1 || words > MAX_HEADER_WORDS || ORDINARY_LABELS.has(firstWordAt(doc, line, p))) return -1
        const e = q + 2
        if (t[q - 1] === ':') return e
        if (t[e] === ':') return e + 1
        if (e >= line.end) return e
        if (isBlank(t.charCodeAt(e)) && (t[e + 1] === '-' || t[e + 1] === '–' || t[e + 1] === '—') && isBlank(t.charCodeAt(e + 2))) return e + 2
        return -1
      }
    }
    return -1
  }
  if (!LETTER.test(t.slice(p, p + 2))) return -1
  for (let q = p; q < limit; q++) {
    const c = t[q]
    // A header is a bare phrase: punctuation inside means a sentence, a citation or a quotation.
    if (c === '.' || c === '?' || c === '!' || c === ';' || c === ',' || c === '(' || c === '"' || c === '*') return -1
    if (c === "'" && !bulleted) return -1
    if (c === ':') {
      // Not a URL scheme ("https://") or a clock time; and something must follow an unmarked label.
      if (t[q + 1] === '/' || (t[q + 1] >= '0' && t[q + 1] <= '9')) return -1
      const words = wordsIn(doc, line, p, q)
      if (words < minWords || words > MAX_HEADER_WORDS) return -1
      if (!bulleted && (!UPPER.test(t.slice(p, p + 2)) || !hasWordAfter(doc, line, q + 1))) return -1
      if (ORDINARY_LABELS.has(firstWordAt(doc, line, p)) || LEAD_IN_ENDINGS.has(lastWordBefore(doc, line, q))) return -1
      return q + 1
    }
    if (isBlank(t.charCodeAt(q)) && (t[q + 1] === '–' || t[q + 1] === '—' || t[q + 1] === '-') && isBlank(t.charCodeAt(q + 2))) {
      if (!bulleted) return -1
      const words = wordsIn(doc, line, p, q)
      if (words < 1 || words > 4 || ORDINARY_LABELS.has(firstWordAt(doc, line, p))) return -1
      return q + 2
    }
  }
  return -1
}

function lastWordBefore(doc: Doc, line: Range, p: number): string {
  let word = ''
  for (let i = line.firstToken; i < line.endToken && doc.tokens[i].end <= p; i++) word = doc.tokens[i].lower
  return word
}

function firstWordAt(doc: Doc, line: Range, p: number): string {
  for (let i = line.firstToken; i < line.endToken; i++) if (doc.tokens[i].start >= p) return doc.tokens[i].lower
  return ''
}

/** The listicle marker of a line (emoji or symbol bullet, heading, bold or bulleted run-in header), if any. */
function marker(doc: Doc, line: Range): Marker | undefined {
  const t = doc.text
  const p = line.start
  // Markdown heading: "## Why it matters".
  if (t[p] === '#') {
    let q = p
    while (q < line.end && t[q] === '#' && q - p <= 6) q++
    if (q - p <= 6 && isBlank(t.charCodeAt(q)) && hasWordAfter(doc, line, q)) return { start: p, end: line.end, note: 'heading' }
    return undefined
  }
  // Keycap emoji ("1️⃣"; the variation selector is folded away, the combining keycap stays).
  if (t.charCodeAt(p + 1) === C.KEYCAP) {
    return hasWordAfter(doc, line, p + 2) ? { start: p, end: p + 2, note: 'emoji bullet' } : undefined
  }
  const two = t.slice(p, p + 2)
  if (SYMBOL_BULLETS.has(two)) {
    return hasWordAfter(doc, line, p + 2) ? { start: p, end: p + 2, note: 'arrow bullet' } : undefined
  }
  const cp = t.codePointAt(p) ?? 0
  const ch = String.fromCodePoint(cp)
  if (SYMBOL_BULLETS.has(ch)) {
    return hasWordAfter(doc, line, p + ch.length) ? { start: p, end: p + ch.length, note: 'symbol bullet' } : undefined
  }
  if (PICTOGRAPHIC.test(ch) && !PLAIN_BULLETS.has(ch) && !NOT_EMOJI_BULLETS.has(ch)) {
    return hasWordAfter(doc, line, p + ch.length) ? { start: p, end: p + ch.length, note: 'emoji bullet' } : undefined
  }
  // Plain bullets and numbers need a run-in header after them.
  let q = p
  if (PLAIN_BULLETS.has(ch)) {
    q = p + ch.length
    if (!isBlank(t.charCodeAt(q)) && (ch === '-' || ch === '*' || ch === '+' || ch === '–' || ch === '—')) return undefined
  } else if (ch >= '0' && ch <= '9') {
    while (q < line.end && q - p < 3 && t[q] >= '0' && t[q] <= '9') q++
    if (t[q] !== '.' && t[q] !== ')') return undefined
    q++
    if (!isBlank(t.charCodeAt(q))) return undefined
  } else if (LETTER.test(ch) && t[p + 1] === ')' && isBlank(t.charCodeAt(p + 2))) {
    q = p + 2
  }
  const bulleted = q > p
  while (q < line.end && isBlank(t.charCodeAt(q))) q++
  const e = headerEnd(doc, line, q, bulleted)
  if (e < 0) return undefined
  return { start: p, end: e, note: bulleted ? 'list item with a run-in header' : 'run-in header' }
}

/**
 * Listicle structure: emoji and arrow bullets, headings, bold mini-headers and list items that open
 * with a short "Header:" — the layout of assistant answers and of LinkedIn engagement posts.
 */
export default defineSignal({
  id: 'listicle-structure',
  dimension: 'aiStyle',
  description: 'Lines laid out as a listicle: emoji bullets, headings, bold mini-headers, "1. Clarity: ..." items.',
  source:
    'Markdown answer layout of chat assistants (numbered items with bold run-in headers) and the ' +
    'emoji-bullet LinkedIn post genre; markers compiled by this project.',
  weight: {
    prior: 0.8,
    reason: 'Emoji and bold bullets mark current assistant output, but GRiD human rows carry Reddit markdown, so fitting would learn the artefact; modest prior.',
  },
  examples: {
    flagged: [
      { text: 'Three lessons from this year:\n\n✅ Ship early\n✅ Listen to customers\n✅ Hire for curiosity\n\nWhat would you add? 👇', evidence: ['✅', '✅', '✅'] },
      { text: '1. **Clarity:** Say what you mean.\n2. **Focus:** Do one thing well.\n3. **Consistency:** Show up every day.', evidence: ['1. **Clarity:**', '2. **Focus:**', '3. **Consistency:**'] },
      { text: 'Here is how to start:\n\n- Read widely: Pick books from different fields.\n- Practice daily: Write 200 words each morning.', evidence: ['- Read widely:', '- Practice daily:'] },
    ],
    clean: [
      'Shopping list:\n- milk\n- eggs\n- bread\n\nEdit: also coffee',
      'I tried three things:\n1. Restarting the router.\n2. Calling support, which took an hour.\n3. Giving up.',
      'Great post! 🎉 Really enjoyed it.',
    ],
  },
  measure(doc) {
    const evidence = []
    for (const line of doc.lines) {
      const m = marker(doc, line)
      if (m !== undefined) evidence.push(doc.evidence(m.start, m.end, m.note))
    }
    if (evidence.length < MIN_LINES) return NOTHING
    return { value: evidence.length / Math.max(doc.lines.length, MIN_DENOMINATOR_LINES), evidence }
  },
})
