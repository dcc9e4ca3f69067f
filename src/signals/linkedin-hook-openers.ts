import { isDigit } from '../engine/chars.js'
import { defineSignal, NOTHING } from './define.js'
import type { Doc, Evidence } from '../engine/document.js'
import { phraseMatcher, matchEvidence } from '../lexicons/match.js'
import {
  FIRST_PERSON, HOOK_ANYWHERE, HOOK_OPENERS, NUMBER_WORDS, TIME_UNITS,
} from '../lexicons/linkedin-hook-openers.js'

const openers = phraseMatcher(HOOK_OPENERS)
/** Hooks counted in the value: past three, more hooks say nothing new. */
const MAX_COUNTED = 3
const anywhere = phraseMatcher(HOOK_ANYWHERE)

const isDigits = (w: string) => {
  for (let k = 0; k < w.length; k++) {
    if (!isDigit(w.charCodeAt(k))) return false
  }
  return w.length > 0
}

/** Token indices that open the text or a line: where a hook must stand. */
function lineStarts(doc: Doc): Set<number> {
  const starts = new Set<number>()
  if (doc.tokens.length > 0) starts.add(0)
  for (const line of doc.lines) if (line.firstToken < line.endToken) starts.add(line.firstToken)
  return starts
}

/** "5 years ago, I ..." / "Two years ago I ...": a personal-story hook at a line start. */
function timeAgoHook(doc: Doc, i: number): Evidence | undefined {
  const t = doc.tokens
  if (i + 3 >= t.length) return undefined
  const n = t[i].lower
  if (!(isDigits(n) || NUMBER_WORDS.has(n))) return undefined
  if (!TIME_UNITS.has(t[i + 1].lower) || t[i + 2].lower !== 'ago' || !FIRST_PERSON.has(t[i + 3].lower)) return undefined
  return doc.evidence(t[i].start, t[i + 3].end, 'hook opener')
}

export default defineSignal({
  id: 'linkedin-hook-openers',
  dimension: 'aiStyle',
  description:
    'LinkedIn hook openers at the start of the text or of a line ("Unpopular opinion:", "Here\'s the thing:", "I\'m thrilled to announce"), and "Let that sink in." anywhere.',
  source: 'Engagement-post templates of LinkedIn ghost-writing and AI post generators (2019–2026), checked against real posts.',
  weight: {
    prior: 1.2,
    reason: 'LinkedIn hook openers ("Here\'s the thing:", "Let that sink in.") do not occur in the dev data; prior from their prevalence in ghost-written and model-written LinkedIn posts.',
  },
  examples: {
    flagged: [
      { text: 'Unpopular opinion: meetings are not work.\n\nHere’s why.', evidence: ['Unpopular opinion', 'Here’s why'] },
      { text: '5 years ago, I was fired.\nToday I run a team of 40.\nLet that sink in.', evidence: ['5 years ago, I', 'Let that sink in'] },
      { text: "I'm thrilled to announce that I've joined Acme as Head of Data!", evidence: ["I'm thrilled to announce"] },
    ],
    clean: [
      'The hot take in the thread was that the ref got it right.',
      'We met five years ago at a conference in Lyon.',
      'Most people in our street leave their bins out on Sunday.',
    ],
  },
  measure(doc) {
    const starts = lineStarts(doc)
    const matches = openers.find(doc.tokens).filter((m) => starts.has(m.first))
    const evidence = matchEvidence(doc, matches)
    for (const i of starts) {
      const hook = timeAgoHook(doc, i)
      if (hook) evidence.push(hook)
    }
    evidence.push(...matchEvidence(doc, anywhere.find(doc.tokens)))
    if (evidence.length === 0) return NOTHING
    evidence.sort((a, b) => a.start - b.start)
    return { value: Math.min(evidence.length, MAX_COUNTED), evidence }
  },
})
