/**
 * Re-derive the words and phrases that current (2024–26) models over-use, from the fit-allowed dev
 * files only, and write src/lexicons/current-model-phrases.json.
 *
 * Usage: npx tsx scripts/derive-lexicon.ts [--dry-run] [--all-existing] [--dump=file.tsv] [--probe=phrase,phrase]
 *   --dry-run       print the tables, do not write the JSON file
 *   --all-existing  list every existing lexicon entry with its verdict, not only those that fail
 *   --dump=file.tsv write every counted phrase's numbers and rejection reason (for tuning)
 *   --probe=…       also print the numbers and the verdict of the given phrases (counted when a
 *                   candidate or an existing entry)
 *
 * Why: the older lists (src/lexicons/*.ts) came from GPT-3.5-era answers (GRiD, HC3) and from
 * fiction-leaning slop lists. This script counts every 1–5-word phrase of the modern-rewrites AI
 * rows (GPT-4o, Gemini-1.5-Pro, Llama-3-70B rewriting human texts of 20 genres) and keeps a phrase
 * only when it over-occurs against human text of the *same* genre in many genres, for at least two
 * of the three models, and again in a second AI source (modern-essays or reddit-aita), while staying
 * rare in every human fit file. See ../shared/data/README.md for the files.
 *
 * Licence rule: the "evaluation only" files (modern-chat, modern-assistant-answers, student-essays,
 * learner-essays) never select a phrase. Their rates are printed after selection; learner and student
 * essays serve only as a guard (a phrase they use far more than the human fit files is dropped), which
 * the project allows for protecting learners.
 *
 * Deterministic: no randomness, no clock; files are read in a fixed order and ties sort by phrase.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { prepare } from '../src/engine/document.js'
import type { PhraseEntry } from '../src/lexicons/match.js'
import { DATASETS, DEV_DIR, loadDataset, unwrapQuotes } from '../src/model/datasets.js'

// ---------------------------------------------------------------------------------------------
// Thresholds. Rates are per million words of cleaned text; see the report in the JSON's source.

/** The date the committed list was derived; a constant so reruns on the same data are byte-identical. */
const DERIVED_ON = '2026-12-04'
/** Longest phrase counted, in words. */
const MAX_WORDS = 5
// The counts below were set on all of modern-rewrites and halved when only its reserved half came to select.
/** Occurrences in the modern-rewrites AI rows for a phrase to be counted at all (candidate pass). */
const MIN_CANDIDATE_COUNT = 8
/** Occurrences in the modern AI pool (modern-rewrites AI + modern-essays) for a phrase to be kept. */
const MIN_AI_COUNT = 15
/** Distinct AI texts it must occur in (one story repeating a word is not a habit). */
const MIN_AI_DOCS = 12
/** Human-side ceiling: pooled rate over all human fit files. */
const HUMAN_CEILING_PER_MILLION = 25
/** No single human fit file (with 3+ occurrences) may use it more than this. */
const HUMAN_FILE_CEILING_PER_MILLION = 60
/** Modern AI rate over the add-half-smoothed pooled human rate. */
const MIN_RATIO = 5
/** A domain "holds" when its AI rows use the phrase at least this many times as its human rows… */
const DOMAIN_RATIO = 2
/** …and at least this often. */
const MIN_DOMAIN_AI_COUNT = 2
/** Of modern-rewrites' 20 domains. */
const MIN_DOMAINS = 6
/** Domains where human rows use it more than AI rows (2+ human occurrences) tolerated. */
const MAX_CONTRARY_DOMAINS = 1
/** Of the three rewrite models, how many must over-use it (rate ≥ DOMAIN_RATIO × human, 3+ hits). */
const MIN_MODELS = 2
/**
 * modern-essays answers only six PERSUADE prompts (the Face on Mars, the Electoral College…), so it
 * counts as a second source only when the phrase occurs under at least this many of them: otherwise
 * "in the face" would pass on the Face on Mars.
 */
const MIN_ESSAY_PROMPTS = 2
/** Learner guard: dropped when learner+student essays use it more than this × the human fit rate. */
const LEARNER_FACTOR = 2
/** …and at more than this rate (below it the guard is noise). */
const LEARNER_MIN_PER_MILLION = 10
/**
 * A longer phrase absorbs a shorter one it contains when it has at least this share of the shorter
 * one's hits in modern-rewrites' AI rows: the shorter is then a fragment of it, and is kept only if
 * the longer is ("in the face" is "in the face of").
 */
const ABSORB_SHARE = 0.6
/** A phrase inside an existing entry is still added when it occurs this many times as often (it is broader). */
const BROADER_FACTOR = 2

/**
 * Phrases that pass every measure but are judged out by meaning, each with its reason (reviewable,
 * like the project's other hand-picked lists). Not chosen from any evaluation file.
 */
const JUDGED_OUT: ReadonlyMap<string, string> = new Map([
  ['centers', 'mostly the noun ("urban centers", "the Centers for…"); the verb "centers on" is too rare to list'],
])

/** Rows the curators flagged as interface artefacts that cannot be cleaned into prose. */
const SKIP_FLAGS = new Set(['code_block', 'as_an_ai', 'refusal'])

/** Fragments: a phrase may not end on these (nor start on the first four). */
const EDGE_WORDS = new Set([
  'and', 'or', 'but', 'nor', 'the', 'a', 'an', 'this', 'that', 'these', 'those', 'its', 'their', 'his',
  'her', 'your', 'our', 'my', 'is', 'are', 'was', 'were', 'be', 'been', 'i', 'we', 'you', 'it', 'they',
  'he', 'she', 'than', 'which', 'who', "it's", "you're", "we're", "they're",
])
const BAD_STARTS = new Set(['and', 'or', 'but', 'nor'])

// ---------------------------------------------------------------------------------------------
// Data

const DEV = DEV_DIR.replace(/\/$/, '')
const WORDLISTS = `${DEV}/../wordlists`
const OUT = fileURLToPath(new URL('../src/lexicons/current-model-phrases.json', import.meta.url))

interface RawRow {
  text: string
  label: string
  domain?: string
  model?: string
  prompt?: string
  flags?: string[]
}

function readRows(file: string): RawRow[] {
  const path = `${DEV}/${file}`
  if (!existsSync(path)) {
    throw new Error(`dev data not found at ${path}: lay the project's shared/ folder beside the checkout (../shared/data/dev) or set DEV_DATA_DIR`)
  }
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RawRow)
}

/** Short model names of modern-rewrites. */
const REWRITE_MODELS = ['GPT-4o', 'Gemini-1.5-Pro', 'Llama-3-70B']

/**
 * Buckets a row counts into. `human` is the pooled human fit side, `ai` the modern AI pool
 * (modern-rewrites AI + modern-essays); `rw-ai:<domain>`, `rw-h:<domain>` and `rw-ai@<model>`
 * carry the within-genre and per-model comparisons.
 */
interface FileSpec {
  file: string
  use: 'fit' | 'report'
  buckets(row: RawRow): string[] | undefined
}

/**
 * Only the half of modern-rewrites reserved for deriving word lists (DatasetSpec.reserveHalfForLexicons)
 * selects phrases: the other half is fitted and evaluated, and must not have chosen its own features.
 */
const RESERVED_REWRITES = new Set(
  loadDataset(DATASETS.find((d) => d.file === 'modern-rewrites.jsonl')!)
    .rows.filter((r) => r.reserved)
    .map((r) => r.text),
)

const FILES: FileSpec[] = [
  {
    file: 'modern-rewrites.jsonl',
    use: 'fit',
    buckets: (r) =>
      !RESERVED_REWRITES.has(unwrapQuotes(String(r.text)))
        ? undefined
        : r.label === 'ai'
        ? ['ai', 'rw-ai', `rw-ai:${r.domain}`, `rw-ai@${r.model}`]
        : ['human', 'rw-h', `rw-h:${r.domain}`],
  },
  { file: 'modern-essays.jsonl', use: 'fit', buckets: (r) => ['ai', 'essays', `essays:${r.prompt}`] },
  { file: 'reddit-aita.jsonl', use: 'fit', buckets: (r) => (r.label === 'ai' ? ['aita-ai'] : ['human', 'aita-h']) },
  { file: 'grid-reddit.jsonl', use: 'fit', buckets: (r) => (r.label === 'ai' ? ['gpt35'] : ['human', 'grid-h']) },
  { file: 'hc3.jsonl', use: 'fit', buckets: (r) => (r.label === 'ai' ? ['gpt35'] : ['human', 'hc3-h']) },
  { file: 'tweets.jsonl', use: 'fit', buckets: () => ['human', 'tweets'] },
  // Evaluation only: counted after selection, never used to select (learners only as a guard).
  { file: 'modern-chat.jsonl', use: 'report', buckets: () => ['chat'] },
  { file: 'modern-assistant-answers.jsonl', use: 'report', buckets: () => ['answers'] },
  { file: 'learner-essays.jsonl', use: 'report', buckets: () => ['learner', 'learner+student'] },
  { file: 'student-essays.jsonl', use: 'report', buckets: () => ['student', 'learner+student'] },
]

const HUMAN_FILES = ['rw-h', 'aita-h', 'grid-h', 'hc3-h', 'tweets']

// ---------------------------------------------------------------------------------------------
// Cleaning: chat-interface artefacts are not the writing style this service judges.

const PREAMBLE_OPENER = /^(?:sure|certainly|absolutely|of course|okay|ok|alright|great|got it)\b[^\n]*$/i
const PREAMBLE_HERE = /^(?:here(?:'s|’s| is| are)|below is|below are)\b[^\n]*$/i
const TRAILER = /^(?:this (?:rephrased|rewritten|revised|version|rewrite|revision|adaptation)|i hope (?:this|these|that)|let me know|feel free|\(?note:|\[continue)/i

/**
 * Markdown, assistant preambles ("Sure! Here's a more casual version:"), rewrite commentary
 * ("This version…", "Let me know…"), whole-text quotes (unwrapQuotes, shared with the fit), code
 * fences, links, HTML entities, and HC3's tokeniser spacing ("do n't").
 */
function clean(text: string): string {
  let t = unwrapQuotes(text.replace(/\r\n?/g, '\n'))
  t = t.replace(/```[\s\S]*?(?:```|$)/g, '\n')
  const paragraphs = t.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== '')
  if (paragraphs.length > 0) {
    const firstLine = paragraphs[0].split('\n')[0].replace(/^[*_#\s]+|[*_\s]+$/g, '')
    const shortOpener = PREAMBLE_OPENER.test(firstLine) && (firstLine.endsWith(':') || /\bhere\b/i.test(firstLine))
    if (shortOpener || (PREAMBLE_HERE.test(firstLine) && firstLine.endsWith(':'))) {
      const rest = paragraphs[0].split('\n').slice(1).join('\n').trim()
      if (rest === '') paragraphs.shift()
      else paragraphs[0] = rest
    }
  }
  while (paragraphs.length > 1 && TRAILER.test(paragraphs[paragraphs.length - 1].replace(/^[*_\s]+/, ''))) paragraphs.pop()
  t = paragraphs.map((p) => unwrapQuotes(p)).join('\n\n')
  return t
    .replace(/\[([^\]\n]*)\]\([^)\s]*\)/g, '$1')
    .replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&').replace(/&nbsp;|&#x200B;/g, ' ')
    .replace(/^[ \t]*>+[ \t]?/gm, '')
    .replace(/^[ \t]*#{1,6}[ \t]+/gm, '')
    .replace(/^[ \t]*(?:[-*•+]|\d{1,2}[.)])[ \t]+/gm, '')
    .replace(/\*\*|__|~~/g, '')
    .replace(/(\p{L}) (n't|'s|'re|'ve|'ll|'d|'m)\b/gu, '$1$2')
}

/** Sentences of lower-cased word tokens, as the phrase matcher sees them (same tokenizer, same sentences). */
function sentencesOf(text: string): string[][] {
  const doc = prepare(clean(text))
  const out: string[][] = []
  let current: string[] = []
  let sentence = -1
  for (const tok of doc.tokens) {
    if (tok.sentence !== sentence) {
      if (current.length > 0) out.push(current)
      current = []
      sentence = tok.sentence
    }
    current.push(tok.lower)
  }
  if (current.length > 0) out.push(current)
  return out
}

/** Digits, underscores and very long tokens are code, numbers or URLs, not phrasing. */
const countable = (word: string) => word.length <= 25 && !/[\d_]/.test(word)

/** Same normalisation as match.ts: lower case, straight apostrophes, words split on anything else. */
function normalisePhrase(phrase: string): string {
  return phrase.toLowerCase().replace(/[’‘`]/g, "'").split(/[^\p{L}\p{M}\p{N}']+/u).filter(Boolean).join(' ')
}

// ---------------------------------------------------------------------------------------------
// Existing lexicons (read, never edited) and the third-party lists, for duplicates and provenance.

interface Existing {
  list: string
  phrase: string
  /** The key it is counted under: '^ ' marks a phrase matched only at a sentence start. */
  countAs: string
}

const EXISTING_MODULES: Array<[string, string[]]> = [
  ['assistant-phrases', ['ASSISTANT_PHRASES']],
  ['excess-vocabulary', ['EXCESS_WORDS']],
  ['hedges-stock-qualifiers', ['HEDGE_PHRASES']],
  ['transitions', ['TRANSITION_OPENERS']],
  ['register', ['EXPOSITORY_WORDS', 'CASUAL_WORDS', 'DISCOURSE_PARTICLES', 'PLAIN_VERBS']],
  ['call-to-action-closers', ['CLOSER_PHRASES']],
  ['clickbait', ['ENGAGEMENT_BAIT']],
  ['linkedin-hook-openers', ['HOOK_OPENERS', 'HOOK_ANYWHERE']],
  ['praise', ['PRAISE_PHRASES', 'PRAISE_OPENERS']],
  ['self-promotion', ['SELF_PROMOTION']],
]
/** The lists whose entries are judged on the modern data (the others only guard against duplicates). */
const JUDGED_LISTS = new Set(['assistant-phrases', 'excess-vocabulary', 'hedges-stock-qualifiers', 'transitions'])
/** Lists whose signal matches only at a sentence start (stock-transition-openers), counted the same way. */
const SENTENCE_START_LISTS = new Set(['transitions'])
const SENTENCE_START = '^'

async function loadExisting(): Promise<Existing[]> {
  const out: Existing[] = []
  for (const [module, names] of EXISTING_MODULES) {
    let mod: Record<string, unknown>
    try {
      mod = (await import(`../src/lexicons/${module}.js`)) as Record<string, unknown>
    } catch (err) {
      console.warn(`warning: could not load src/lexicons/${module}.ts (${(err as Error).message}); its entries are not deduplicated`)
      continue
    }
    for (const name of names) {
      const entries = mod[name] as Array<PhraseEntry | string> | undefined
      if (!Array.isArray(entries)) continue
      for (const e of entries) {
        const phrase = normalisePhrase(typeof e === 'string' ? e : e.phrase)
        out.push({ list: module, phrase, countAs: SENTENCE_START_LISTS.has(module) ? `${SENTENCE_START} ${phrase}` : phrase })
      }
    }
  }
  return out
}

function readJson(path: string): unknown {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined
}

/** Which published lists also carry the phrase (provenance, not selection). */
function publishedLists(): Map<string, string[]> {
  const seen = new Map<string, string[]>()
  const add = (phrase: string, list: string) => {
    const p = normalisePhrase(phrase)
    const l = seen.get(p) ?? []
    if (!l.includes(list)) l.push(list)
    seen.set(p, l)
  }
  const kobak = readJson(`${WORDLISTS}/kobak2024/style_words.json`) as string[] | undefined
  for (const w of kobak ?? []) add(w, 'Kobak et al. 2024 style words')
  const antiPhrases = readJson(`${WORDLISTS}/antislop-sampler/slop_phrases_2025-04-07.json`) as Array<[string, number]> | undefined
  for (const [p] of antiPhrases ?? []) add(p, 'antislop-sampler')
  const antiWords = readJson(`${WORDLISTS}/antislop-sampler/slop_words_2025-04-07.json`) as Array<[string, number]> | undefined
  for (const [p] of antiWords ?? []) add(p, 'antislop-sampler')
  const forensic = readJson(`${WORDLISTS}/slop-forensics/slop_list.json`) as string[][] | undefined
  for (const [p] of forensic ?? []) add(p, 'slop-forensics')
  return seen
}

// ---------------------------------------------------------------------------------------------
// Counting

interface Counts {
  bucketIndex: Map<string, number>
  /** Words per bucket. */
  words: number[]
  /** Texts per bucket. */
  texts: number[]
  /** counts[phraseId * B + bucket]: occurrences; docs: texts containing it. */
  counts: Int32Array
  docs: Int32Array
}

/** Candidate pass: every 1..MAX_WORDS-gram of the modern-rewrites AI rows with enough occurrences. */
function candidates(rows: string[][][]): Set<string> {
  const out = new Set<string>()
  for (let n = 1; n <= MAX_WORDS; n++) {
    const c = new Map<string, number>()
    for (const doc of rows) {
      for (const s of doc) {
        for (let i = 0; i + n <= s.length; i++) {
          let ok = true
          for (let k = i; k < i + n && ok; k++) ok = countable(s[k])
          if (!ok) continue
          const key = s.slice(i, i + n).join(' ')
          c.set(key, (c.get(key) ?? 0) + 1)
        }
      }
    }
    for (const [key, v] of c) if (v >= MIN_CANDIDATE_COUNT) out.add(key)
  }
  return out
}

function countAll(phrases: string[], docsByFile: Array<{ spec: FileSpec; rows: Array<{ buckets: string[]; sentences: string[][] }> }>): Counts {
  const id = new Map<string, number>()
  phrases.forEach((p, i) => id.set(p, i))
  const prefixes = new Set<string>()
  let maxWords = 1
  for (const p of phrases) {
    const w = p.split(' ')
    maxWords = Math.max(maxWords, w.length)
    for (let k = 1; k <= w.length; k++) prefixes.add(w.slice(0, k).join(' '))
  }
  const bucketIndex = new Map<string, number>()
  for (const { rows } of docsByFile) for (const r of rows) for (const b of r.buckets) if (!bucketIndex.has(b)) bucketIndex.set(b, bucketIndex.size)
  const B = bucketIndex.size
  const counts = new Int32Array(phrases.length * B)
  const docs = new Int32Array(phrases.length * B)
  const words = new Array<number>(B).fill(0)
  const texts = new Array<number>(B).fill(0)
  for (const { rows } of docsByFile) {
    for (const r of rows) {
      const local = new Map<number, number>()
      let n = 0
      const walk = (s: string[], i: number, start: string) => {
        let key = start
        for (let k = i; k < s.length && k - i < maxWords; k++) {
          key = key === '' ? s[k] : `${key} ${s[k]}`
          if (!prefixes.has(key)) break
          const pid = id.get(key)
          if (pid !== undefined) local.set(pid, (local.get(pid) ?? 0) + 1)
        }
      }
      for (const s of r.sentences) {
        n += s.length
        if (prefixes.has(SENTENCE_START)) walk(s, 0, SENTENCE_START)
        for (let i = 0; i < s.length; i++) walk(s, i, '')
      }
      const bs = r.buckets.map((b) => bucketIndex.get(b) as number)
      for (const b of bs) {
        words[b] += n
        texts[b]++
      }
      for (const [pid, v] of local) {
        for (const b of bs) {
          counts[pid * B + b] += v
          docs[pid * B + b]++
        }
      }
    }
  }
  return { bucketIndex, words, texts, counts, docs }
}

// ---------------------------------------------------------------------------------------------
// Measures of one phrase

interface Stats {
  phrase: string
  aiCount: number
  /** Hits in modern-rewrites' AI rows alone (for fragments). */
  rwCount: number
  aiDocs: number
  aiPerMillion: number
  humanCount: number
  humanPerMillion: number
  ratio: number
  domains: number
  domainNames: string[]
  contrary: number
  models: string[]
  essaysPerMillion: number
  essayPrompts: number
  essaysHolds: boolean
  aitaAiPerMillion: number
  aitaHumanPerMillion: number
  aitaHolds: boolean
  gpt35PerMillion: number
  maxHumanFile: { file: string; perMillion: number }
  chatPerMillion: number
  answersPerMillion: number
  learnerStudentPerMillion: number
  learnerStudentCount: number
  /** Share of learner+student essays containing it. */
  learnerStudentDocShare: number
}

function measure(c: Counts, phrases: string[]): (pid: number) => Stats {
  const B = c.bucketIndex.size
  const at = (pid: number, bucket: string) => {
    const b = c.bucketIndex.get(bucket)
    return b === undefined ? { n: 0, docs: 0, words: 0, texts: 0 } : { n: c.counts[pid * B + b], docs: c.docs[pid * B + b], words: c.words[b], texts: c.texts[b] }
  }
  const pm = (x: { n: number; words: number }) => (x.words === 0 ? 0 : (x.n / x.words) * 1e6)
  /** Add-half smoothing: a phrase absent from a sample is not taken as truly absent. */
  const pmSmoothed = (x: { n: number; words: number }) => (x.words === 0 ? 0 : ((x.n + 0.5) / x.words) * 1e6)
  const domainNames = [...c.bucketIndex.keys()].filter((b) => b.startsWith('rw-ai:')).map((b) => b.slice(6)).sort()
  const essayPromptBuckets = [...c.bucketIndex.keys()].filter((b) => b.startsWith('essays:')).sort()
  return (pid) => {
    const ai = at(pid, 'ai')
    const human = at(pid, 'human')
    const holding: string[] = []
    let contrary = 0
    for (const d of domainNames) {
      const a = at(pid, `rw-ai:${d}`)
      const h = at(pid, `rw-h:${d}`)
      if (a.n >= MIN_DOMAIN_AI_COUNT && pm(a) >= DOMAIN_RATIO * pm(h)) holding.push(d)
      if (h.n >= 2 && pm(h) > pm(a)) contrary++
    }
    const rwHuman = at(pid, 'rw-h')
    const models = REWRITE_MODELS.filter((m) => {
      const a = at(pid, `rw-ai@${m}`)
      return a.n >= 3 && pm(a) >= DOMAIN_RATIO * pmSmoothed(rwHuman)
    })
    const essays = at(pid, 'essays')
    const essayPrompts = essayPromptBuckets.filter((b) => at(pid, b).n > 0).length
    const aitaAi = at(pid, 'aita-ai')
    const aitaH = at(pid, 'aita-h')
    let maxHumanFile = { file: '', perMillion: 0 }
    for (const f of HUMAN_FILES) {
      const h = at(pid, f)
      if (h.n >= 3 && pm(h) > maxHumanFile.perMillion) maxHumanFile = { file: f, perMillion: pm(h) }
    }
    const ls = at(pid, 'learner+student')
    return {
      phrase: phrases[pid],
      aiCount: ai.n,
      rwCount: at(pid, 'rw-ai').n,
      aiDocs: ai.docs,
      aiPerMillion: pm(ai),
      humanCount: human.n,
      humanPerMillion: pm(human),
      ratio: pm(ai) / pmSmoothed(human),
      domains: holding.length,
      domainNames: holding,
      contrary,
      models,
      essaysPerMillion: pm(essays),
      essayPrompts,
      essaysHolds: essays.n >= 3 && essayPrompts >= MIN_ESSAY_PROMPTS && pm(essays) >= DOMAIN_RATIO * pmSmoothed(human),
      aitaAiPerMillion: pm(aitaAi),
      aitaHumanPerMillion: pm(aitaH),
      aitaHolds: aitaAi.n >= 3 && pm(aitaAi) >= DOMAIN_RATIO * pmSmoothed(aitaH),
      gpt35PerMillion: pm(at(pid, 'gpt35')),
      maxHumanFile,
      chatPerMillion: pm(at(pid, 'chat')),
      answersPerMillion: pm(at(pid, 'answers')),
      learnerStudentPerMillion: pm(ls),
      learnerStudentCount: ls.n,
      learnerStudentDocShare: ls.texts === 0 ? 0 : ls.docs / ls.texts,
    }
  }
}

/** Why a candidate fails selection (fit files only), or undefined when it passes. */
function rejection(s: Stats): string | undefined {
  const w = s.phrase.split(' ')
  if (w.length === 1 ? false : EDGE_WORDS.has(w[w.length - 1]) || BAD_STARTS.has(w[0])) return 'fragment'
  if (w.length === 1 && EDGE_WORDS.has(w[0])) return 'fragment'
  if (s.aiCount < MIN_AI_COUNT || s.aiDocs < MIN_AI_DOCS) return 'too rare'
  if (s.humanPerMillion > HUMAN_CEILING_PER_MILLION) return 'human ceiling'
  if (s.maxHumanFile.perMillion > HUMAN_FILE_CEILING_PER_MILLION) return `human ceiling in ${s.maxHumanFile.file}`
  if (s.ratio < MIN_RATIO) return 'ratio'
  if (s.domains < MIN_DOMAINS) return 'domains'
  if (s.contrary > MAX_CONTRARY_DOMAINS) return 'contrary domains'
  if (s.models.length < MIN_MODELS) return 'models'
  if (!s.essaysHolds && !s.aitaHolds) return 'no second source'
  return undefined
}

/** The learner guard (evaluation files, allowed as a check only). */
function learnerRisk(s: Stats): boolean {
  return s.learnerStudentPerMillion > LEARNER_MIN_PER_MILLION && s.learnerStudentPerMillion > LEARNER_FACTOR * Math.max(s.humanPerMillion, 1)
}

/** Kept but flagged: learner and student essays use it more than the human fit files do. */
const learnerFlag = (s: Stats) => s.learnerStudentPerMillion > Math.max(s.humanPerMillion, 1)

const contains = (long: string, short: string) => ` ${long} `.includes(` ${short} `)

// ---------------------------------------------------------------------------------------------
// Output

const f1 = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1))
const round1 = (x: number) => Math.round(x * 10) / 10

function row(s: Stats, note = ''): string {
  return [
    s.phrase.padEnd(32),
    f1(s.aiPerMillion).padStart(6),
    f1(s.humanPerMillion).padStart(6),
    (s.ratio >= 100 ? '>99' : s.ratio.toFixed(1)).padStart(5),
    `${s.domains}/20`.padStart(5),
    `${s.models.length}/3`.padStart(4),
    f1(s.essaysPerMillion).padStart(6),
    `${f1(s.aitaAiPerMillion)}/${f1(s.aitaHumanPerMillion)}`.padStart(11),
    f1(s.gpt35PerMillion).padStart(6),
    f1(s.chatPerMillion).padStart(6),
    f1(s.answersPerMillion).padStart(6),
    f1(s.learnerStudentPerMillion).padStart(6),
    `${(100 * s.learnerStudentDocShare).toFixed(1)}%`.padStart(6),
    note,
  ].join(' ')
}

const HEADER = [
  'phrase'.padEnd(32), 'AI/M'.padStart(6), 'hum/M'.padStart(6), 'ratio'.padStart(5), 'doms'.padStart(5),
  'mdl'.padStart(4), 'essay'.padStart(6), 'aita ai/h'.padStart(11), 'gpt35'.padStart(6), 'chat*'.padStart(6),
  'answ*'.padStart(6), 'L+S*'.padStart(6), 'L+S%*'.padStart(6), 'note',
].join(' ')

const LEGEND = [
  'AI/M: per million words of modern-rewrites AI + modern-essays; hum/M: pooled human fit files',
  '(modern-rewrites human, GRiD human, HC3 human, tweets, AITA human); ratio: AI/M over add-half-smoothed hum/M;',
  `doms: modern-rewrites domains where AI rate >= ${DOMAIN_RATIO}x the same domain's human rate (${MIN_DOMAIN_AI_COUNT}+ hits); mdl: of GPT-4o, Gemini-1.5-Pro, Llama-3-70B;`,
  'essay: modern-essays /M; aita ai/h: reddit-aita Mistral-7B vs human /M; gpt35: GRiD+HC3 AI /M (side note);',
  '* evaluation-only files, reported after selection: chat = modern-chat, answ = modern-assistant-answers,',
  'L+S = learner-essays + student-essays /M and the share of those essays containing the phrase.',
]

// ---------------------------------------------------------------------------------------------

async function main() {
  const args = new Set(process.argv.slice(2))
  const existing = await loadExisting()
  const existingSet = new Map<string, string>()
  for (const e of existing) if (!existingSet.has(e.phrase)) existingSet.set(e.phrase, e.list)

  const docsByFile: Array<{ spec: FileSpec; rows: Array<{ buckets: string[]; sentences: string[][] }> }> = []
  for (const spec of FILES) {
    const rows: Array<{ buckets: string[]; sentences: string[][] }> = []
    for (const r of readRows(spec.file)) {
      if ((r.flags ?? []).some((f) => SKIP_FLAGS.has(f))) continue
      const buckets = spec.buckets(r)
      if (buckets === undefined) continue
      rows.push({ buckets, sentences: sentencesOf(String(r.text)) })
    }
    docsByFile.push({ spec, rows })
  }

  const rewriteAi = docsByFile[0].rows.filter((r) => r.buckets.includes('rw-ai')).map((r) => r.sentences)
  const phraseSet = candidates(rewriteAi)
  for (const e of existing) if (JUDGED_LISTS.has(e.list)) phraseSet.add(e.countAs)
  const phrases = [...phraseSet].sort()
  const counts = countAll(phrases, docsByFile)
  const stats = measure(counts, phrases)
  const all = phrases.map((_, i) => stats(i))
  const byPhrase = new Map(all.map((s) => [s.phrase, s]))

  // Selection on fit files only.
  const passing = all.filter((s) => !existingSet.has(s.phrase) && rejection(s) === undefined)

  // Overlap with each other: a longer phrase that carries most of a shorter one's hits replaces it
  // ("a testament to" over "testament to"); otherwise the shorter, broader one covers the longer.
  passing.sort((a, b) => b.phrase.split(' ').length - a.phrase.split(' ').length || (a.phrase < b.phrase ? -1 : 1))
  const kept: Stats[] = []
  const absorbed = new Map<string, string>()
  const fragmentOf = new Map<string, Stats>()
  const passingSet = new Set(passing.map((s) => s.phrase))
  for (const s of passing) {
    // A fragment of a longer phrase that failed (an existing entry is judged on its own).
    const host = all.find((l) => l.phrase !== s.phrase && contains(l.phrase, s.phrase) && l.rwCount >= ABSORB_SHARE * s.rwCount && !passingSet.has(l.phrase) && !existingSet.has(l.phrase) && rejection(l) !== 'fragment')
    if (host) {
      fragmentOf.set(s.phrase, host)
      continue
    }
    const longer = kept.filter((k) => contains(k.phrase, s.phrase))
    if (longer.some((k) => k.rwCount >= ABSORB_SHARE * s.rwCount)) {
      absorbed.set(s.phrase, longer[0].phrase)
      continue
    }
    for (const k of longer) {
      kept.splice(kept.indexOf(k), 1)
      absorbed.set(k.phrase, s.phrase)
    }
    kept.push(s)
  }

  // Overlap with the existing lexicons: never duplicate or re-cover an existing entry.
  const judgedExisting = existing.filter((e) => JUDGED_LISTS.has(e.list))
  const selected: Array<{ s: Stats; source: string }> = []
  const covered: Array<{ s: Stats; by: Existing }> = []
  const dropped: Array<{ s: Stats; why: string }> = []
  const published = publishedLists()
  for (const s of kept.sort((a, b) => (a.phrase < b.phrase ? -1 : 1))) {
    const inside = existing.find((e) => contains(s.phrase, e.phrase))
    if (inside) {
      covered.push({ s, by: inside })
      continue
    }
    const narrower = judgedExisting.filter((e) => contains(e.phrase, s.phrase))
    const notBroader = narrower.find((e) => s.aiCount < BROADER_FACTOR * (byPhrase.get(e.phrase)?.aiCount ?? 0))
    if (notBroader) {
      covered.push({ s, by: notBroader })
      continue
    }
    if (learnerRisk(s)) {
      dropped.push({ s, why: `learner/student essays ${f1(s.learnerStudentPerMillion)}/M vs human fit ${f1(s.humanPerMillion)}/M` })
      continue
    }
    const judged = JUDGED_OUT.get(s.phrase)
    if (judged !== undefined) {
      dropped.push({ s, why: `judged out: ${judged}` })
      continue
    }
    const parts = [
      `modern-rewrites AI ${s.domains}/20 domains, models ${s.models.join(', ')}`,
      ...(s.essaysHolds ? [`modern-essays ${f1(s.essaysPerMillion)}/M`] : []),
      ...(s.aitaHolds ? [`reddit-aita AI ${f1(s.aitaAiPerMillion)}/M vs human ${f1(s.aitaHumanPerMillion)}/M`] : []),
    ]
    if (narrower.length > 0) parts.push(`broader form of existing '${narrower[0].phrase}' (${narrower[0].list})`)
    const lists = published.get(s.phrase)
    if (lists) parts.push(`also in ${lists.join(', ')}`)
    if (learnerFlag(s)) parts.push(`caution: learner/student essays use it at ${f1(s.learnerStudentPerMillion)}/M, above the human fit rate`)
    selected.push({ s, source: parts.join('; ') })
  }

  // Tables
  const out: string[] = []
  out.push(`Selected ${selected.length} new phrases (from ${phrases.length} counted, ${passing.length} passing the fit criteria before overlap removal).`)
  out.push(...LEGEND, '', HEADER)
  for (const { s } of [...selected].sort((a, b) => b.s.ratio - a.s.ratio || (a.s.phrase < b.s.phrase ? -1 : 1))) {
    const flag = learnerFlag(s) ? 'L+S above human fit rate' : ''
    out.push(row(s, flag))
  }
  out.push('', `Dropped by the learner/student guard (> ${LEARNER_FACTOR}x the human fit rate and > ${LEARNER_MIN_PER_MILLION}/M) or judged out:`, HEADER)
  for (const { s, why } of dropped) out.push(row(s, why))
  out.push('', 'Passing, but a fragment of a longer phrase that fails:', HEADER)
  for (const [p, host] of fragmentOf) out.push(row(byPhrase.get(p) as Stats, `of '${host.phrase}' (${rejection(host) ?? 'passes'})`))
  out.push('', 'Passing, but already covered by an existing entry:', HEADER)
  for (const { s, by } of covered) out.push(row(s, `${by.list}: '${by.phrase}'`))

  out.push('', 'Existing entries on the modern data (lists judged: ' + [...JUDGED_LISTS].join(', ') + '):')
  out.push('verdicts, in this order: rare = fewer than 5 hits in the modern AI pool; human-leaning = ratio < 1; no-separation = ratio < 2;')
  out.push(`narrow = AI-leaning but over-used in fewer than 3 domains; holds = ratio >= 3 with human ahead in <= ${MAX_CONTRARY_DOMAINS} domain; weak = the rest.`)
  out.push(`'^ ' marks a sentence-start count (transitions match only there). learner-risk appended when L+S > ${LEARNER_FACTOR}x the human rate and > ${LEARNER_MIN_PER_MILLION}/M.`)
  out.push(HEADER)
  const tally = new Map<string, Map<string, number>>()
  const seen = new Set<string>()
  for (const e of judgedExisting) {
    const key = `${e.list}\t${e.countAs}`
    if (seen.has(key)) continue
    seen.add(key)
    const s = byPhrase.get(e.countAs)
    if (!s) continue
    let verdict: string
    if (s.aiCount < 5) verdict = 'rare'
    else if (s.ratio < 1) verdict = 'human-leaning'
    else if (s.ratio < 2) verdict = 'no-separation'
    else if (s.domains < 3) verdict = 'narrow'
    else if (s.ratio >= 3 && s.contrary <= MAX_CONTRARY_DOMAINS) verdict = 'holds'
    else verdict = 'weak'
    if (learnerRisk(s)) verdict += ' +learner-risk'
    const t = tally.get(e.list) ?? new Map<string, number>()
    t.set(verdict, (t.get(verdict) ?? 0) + 1)
    tally.set(e.list, t)
    if (args.has('--all-existing') || !['holds', 'rare', 'narrow'].includes(verdict)) out.push(row(s, `${e.list}: ${verdict}`))
  }
  out.push('', 'Existing-entry verdicts per list:')
  for (const [list, t] of tally) out.push(`  ${list.padEnd(24)} ${[...t].sort().map(([v, n]) => `${v} ${n}`).join(', ')}`)

  const words = (b: string) => counts.words[counts.bucketIndex.get(b) as number]
  out.push('', 'Words counted (after cleaning): ' + [...counts.bucketIndex.keys()].filter((b) => !b.includes(':') && !b.includes('@')).sort().map((b) => `${b} ${words(b)}`).join(', '))
  const dump = process.argv.find((a) => a.startsWith('--dump='))
  if (dump) {
    const cols = ['phrase', 'aiCount', 'aiDocs', 'aiPerMillion', 'humanCount', 'humanPerMillion', 'ratio', 'domains', 'contrary', 'models', 'essaysPerMillion', 'essaysHolds', 'aitaAiPerMillion', 'aitaHumanPerMillion', 'aitaHolds', 'gpt35PerMillion', 'maxHumanFile', 'chatPerMillion', 'answersPerMillion', 'learnerStudentPerMillion', 'learnerStudentDocShare'] as const
    const lines = [[...cols, 'existing', 'rejection'].join('\t')]
    for (const s of all) {
      const v = cols.map((c) => {
        const x = s[c]
        return Array.isArray(x) ? x.length : typeof x === 'object' ? `${x.file}:${f1(x.perMillion)}` : typeof x === 'number' ? String(round1(x * (c === 'learnerStudentDocShare' ? 100 : 1))) : String(x)
      })
      lines.push([...v, existingSet.get(s.phrase) ?? '', rejection(s) ?? ''].join('\t'))
    }
    writeFileSync(dump.slice(7), `${lines.join('\n')}\n`)
  }
  const probe = process.argv.find((a) => a.startsWith('--probe='))
  if (probe) {
    out.push('', 'Probed phrases (why each is in or out):', HEADER)
    for (const p of probe.slice(8).split(',').map(normalisePhrase)) {
      const s = byPhrase.get(p)
      if (!s) {
        out.push(`${p.padEnd(32)} (fewer than ${MIN_CANDIDATE_COUNT} hits in modern-rewrites AI rows; not counted)`)
        continue
      }
      const why = existingSet.has(p)
        ? `existing (${existingSet.get(p)})`
        : rejection(s) ?? (absorbed.has(p) ? `absorbed by '${absorbed.get(p)}'` : fragmentOf.has(p) ? `fragment of '${fragmentOf.get(p)?.phrase}'` : learnerRisk(s) ? 'learner guard' : 'selected or covered')
      out.push(row(s, `${why}; contrary ${s.contrary}`))
    }
  }
  console.log(out.join('\n'))

  if (args.has('--dry-run')) return
  const file = {
    source: [
      `Derived ${DERIVED_ON} by scripts/derive-lexicon.ts from ../shared/data/dev (see its README): 1–${MAX_WORDS}-word phrases of cleaned text`,
      '(markdown, list bullets, code fences, "Sure! Here\'s…"/"Here is…" preambles, rewrite commentary and whole-text quotes removed;',
      'rows flagged code_block, as_an_ai or refusal skipped), counted per million words, matched on whole words within a sentence as src/lexicons/match.ts does.',
      'AI side: modern-rewrites.jsonl AI rows (GPT-4o, Gemini-1.5-Pro, Llama-3-70B; ranhli/l2r_data, CC BY 3.0: Hao, Li, Zhao, Yang, Mao,',
      '"Learning to Rewrite: Generalized LLM-Generated Text Detection", ACL 2025) and modern-essays.jsonl (Claude Sonnet 5, GPT-5.6;',
      'MaiaLearning/ai-detection-research, MIT / CC BY 4.0), with reddit-aita.jsonl AI rows (Mistral-7B fine-tune; ShonenAsh/lm-investigation, MIT)',
      'as an alternative second source. Human side: modern-rewrites human rows, grid-reddit and hc3 human rows, tweets.jsonl, reddit-aita human rows.',
      `Kept: >= ${MIN_AI_COUNT} hits in >= ${MIN_AI_DOCS} AI texts; pooled human rate <= ${HUMAN_CEILING_PER_MILLION}/M and <= ${HUMAN_FILE_CEILING_PER_MILLION}/M in each human file;`,
      `AI rate >= ${MIN_RATIO}x the (add-half smoothed) human rate; AI rate >= ${DOMAIN_RATIO}x the same genre's human rate in >= ${MIN_DOMAINS} of modern-rewrites' 20 genres`,
      `(human ahead in at most ${MAX_CONTRARY_DOMAINS}); over-used by >= ${MIN_MODELS} of the 3 rewrite models; and over-used in modern-essays (under >= ${MIN_ESSAY_PROMPTS} of its 6 prompts)`,
      'or in reddit-aita (AI vs human rows) as well. A phrase carrying most of a longer one\'s hits is judged as that longer phrase ("serves" as "serves as").',
      'Phrases already in src/lexicons/*.ts, or containing one, are left out; one inside an existing entry is kept only when at least',
      `${BROADER_FACTOR}x as frequent ("navigate" beside "navigate the complexities"). Judged out by meaning: ${[...JUDGED_OUT].map(([p, why]) => `"${p}" (${why})`).join('; ')}.`,
      'GPT-3.5 files (GRiD/HC3 AI rows) were not used to select. Hyphens split words, so "well being" matches "well-being".',
      'The evaluation-only files (modern-chat, modern-assistant-answers, student-essays, learner-essays) did not select any phrase;',
      `learner+student essays served only as a guard: a phrase they use > ${LEARNER_FACTOR}x the human fit rate (and > ${LEARNER_MIN_PER_MILLION}/M) was dropped.`,
      'aiPerMillion: modern-rewrites AI + modern-essays; humanPerMillion: pooled human fit files; domains: genres where it holds.',
    ].join(' '),
    entries: selected.map(({ s, source }) => ({
      phrase: s.phrase,
      aiPerMillion: round1(s.aiPerMillion),
      humanPerMillion: round1(s.humanPerMillion),
      domains: s.domains,
      source,
    })),
  }
  writeFileSync(OUT, `${JSON.stringify(file, null, 2)}\n`)
  console.log(`\nwrote ${OUT} (${selected.length} entries)`)
}

await main()
