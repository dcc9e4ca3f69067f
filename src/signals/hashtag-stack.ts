import { defineSignal, NOTHING } from './define.js'
import { C } from '../engine/chars.js'

/** This many hashtags side by side, or on one line, make a stack. */
const MIN_STACK = 3
/** This many hashtags anywhere in the text fire even when spread out. */
const MIN_TOTAL = 4

const WORD_CHAR = /^[\p{L}\p{M}\p{N}_]/u
const LETTER = /^\p{L}/u

interface Tag {
  start: number
  end: number
  line: number
}

/**
 * Hashtag stacks: a block of tags closing a post ("#AI #Leadership #Innovation"), the habit of
 * social-media templates and of assistant-drafted posts. A single inline #AI does not fire.
 */
export default defineSignal({
  id: 'hashtag-stack',
  anyLanguage: true,
  dimension: 'aiStyle',
  description: 'A stack of hashtags (three or more together or on one line, or four or more in all).',
  source:
    'LinkedIn and Instagram post templates and assistant-drafted social posts that close on a block ' +
    'of hashtags; thresholds chosen by this project.',
  weight: {
    prior: 0.8,
    reason: 'Hashtag stacks do not occur in the dev data; modest prior.',
  },
  examples: {
    flagged: [
      { text: 'Proud of what the team shipped this quarter. Onwards!\n\n#Leadership #Innovation #AI #Growth', evidence: ['#Leadership', '#Innovation', '#AI', '#Growth'] },
      { text: 'Big day at the conference 🚀 #FutureOfWork #AI #Startups', evidence: ['#FutureOfWork', '#AI', '#Startups'] },
      { text: '#Marketing tips: post daily, #engage with your audience, use #analytics and track #ROI.', evidence: ['#Marketing', '#engage', '#analytics', '#ROI'] },
    ],
    clean: [
      'Does anyone know if #AI threatens the original mission of LinkedIn? I think it might.',
      'We are #1 in the region again, and the C# port of the library is at https://example.com/docs#install',
      'Loved the panel on #leadership. And the one on #hiring was great too.',
    ],
  },
  measure(doc) {
    const t = doc.text
    const tags: Tag[] = []
    let line = 0
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i)
      if (c === C.LINE_FEED) {
        line++
        continue
      }
      if (c !== C.HASH) continue
      // A tag starts after a space, a line start or opening punctuation, not inside a word,
      // URL fragment, HTML entity ("&#39;") or a run of '#'.
      const before = i > 0 ? t[i - 1] : ' '
      if (WORD_CHAR.test(before) || before === '#' || before === '&' || before === '/') continue
      // It needs a letter somewhere ("#1" is a rank, not a tag); scan the tag body once.
      let j = i + 1
      let letter = false
      while (j < t.length) {
        const ch = t.codePointAt(j) ?? 0
        const s = String.fromCodePoint(ch)
        if (!WORD_CHAR.test(s)) break
        if (!letter && LETTER.test(s)) letter = true
        j += s.length
      }
      if (letter) tags.push({ start: i, end: j, line })
      i = j - 1
    }
    if (tags.length === 0) return NOTHING
    // A stack: consecutive tags separated only by white space or commas; or several on one line.
    let longestRun = 1
    let run = 1
    let perLine = 1
    let mostOnALine = 1
    for (let k = 1; k < tags.length; k++) {
      let adjacent = true
      for (let q = tags[k - 1].end; q < tags[k].start && adjacent; q++) {
        const c = t[q]
        adjacent = c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === ',' || c === '\u00a0'
      }
      run = adjacent ? run + 1 : 1
      if (run > longestRun) longestRun = run
      perLine = tags[k].line === tags[k - 1].line ? perLine + 1 : 1
      if (perLine > mostOnALine) mostOnALine = perLine
    }
    if (longestRun < MIN_STACK && mostOnALine < MIN_STACK && tags.length < MIN_TOTAL) return NOTHING
    return {
      value: Math.log1p(tags.length),
      evidence: tags.map((tag) => doc.evidence(tag.start, tag.end, 'hashtag')),
    }
  },
})
