/**
 * The labeled dev files the model is fitted and evaluated on (../shared/data/dev, see its README),
 * what counts as a positive row in each, and which files may fit the shipped model at all.
 * All rows are human-written except the `ai` rows; spam and clickbait count as positives because
 * they are the templated writing the `generic` dimension describes.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Kind } from '../engine/document.js'
import type { Dimension } from '../signals/define.js'

/**
 * `fit`: the file's licence lets it set weights and thresholds. `evaluation`: measured, reported and
 * held to targets by `npm run eval`, never used to set a fitted weight or threshold (its licence is
 * non-commercial or unstated; see the data README).
 */
export type Use = 'fit' | 'evaluation'

export interface DatasetSpec {
  file: string
  /** The dimension whose signals this file fits or is measured on. */
  dimension: Dimension
  use: Use
  /** What a positive row is, in words (for reports). */
  positive: string
  isPositive(row: Record<string, unknown>): boolean
  kind: Kind
  /**
   * Rows with fewer words are scored but not fitted. The short rows of the first-wave files are
   * nearly all human (under 30 words: 922 GRiD rows, all human; 177 HC3 rows, 161 human): too short
   * for most style signals to fire, they would teach the model that an all-zero row is human, a
   * property of how the files were collected that would then lower every short comment.
   */
  minFitWords?: number
  /**
   * Matched data: each domain × label is its own weighting group, so that each of modern-rewrites'
   * twenty domains counts as much as a whole first-wave file, and formal human prose (academic,
   * technical) is fitted against AI prose of the same register.
   */
  groupByDomain?: boolean
  /**
   * Half of the file's clusters (a human text with its rewrites) are reserved for deriving word
   * lists (scripts/derive-word-preferences.ts): never fitted, never evaluated, so the lists'
   * power is measured on text they were not derived from.
   */
  reserveHalfForLexicons?: boolean
  /** The evaluation's subgroups (e.g. the English learners among the students); by domain when absent. */
  subgroup?(row: Record<string, unknown>): string
}

/** See DatasetSpec.minFitWords: about two sentences, below which style signals mostly cannot fire. */
export const MIN_FIT_WORDS = 30

const isAi = (r: Record<string, unknown>) => r.label === 'ai'

export const DATASETS: DatasetSpec[] = [
  { file: 'grid-reddit.jsonl', dimension: 'aiStyle', use: 'fit', positive: 'label ai', isPositive: isAi, kind: 'post', minFitWords: MIN_FIT_WORDS },
  { file: 'hc3.jsonl', dimension: 'aiStyle', use: 'fit', positive: 'label ai', isPositive: isAi, kind: 'post', minFitWords: MIN_FIT_WORDS },
  { file: 'modern-rewrites.jsonl', dimension: 'aiStyle', use: 'fit', positive: 'label ai', isPositive: isAi, kind: 'post', minFitWords: MIN_FIT_WORDS, groupByDomain: true, reserveHalfForLexicons: true },
  { file: 'modern-essays.jsonl', dimension: 'aiStyle', use: 'fit', positive: 'label ai', isPositive: isAi, kind: 'post', minFitWords: MIN_FIT_WORDS, subgroup: (r) => String(r.model) },
  { file: 'tweets.jsonl', dimension: 'aiStyle', use: 'fit', positive: 'label ai', isPositive: isAi, kind: 'post' },
  { file: 'reddit-aita.jsonl', dimension: 'aiStyle', use: 'fit', positive: 'label ai', isPositive: isAi, kind: 'comment', minFitWords: MIN_FIT_WORDS },
  { file: 'youtube-comments.jsonl', dimension: 'generic', use: 'fit', positive: 'spam', isPositive: (r) => r.spam === true, kind: 'comment' },
  { file: 'headlines.jsonl', dimension: 'generic', use: 'fit', positive: 'clickbait', isPositive: (r) => r.clickbait === true, kind: 'post' },
  { file: 'learner-essays.jsonl', dimension: 'aiStyle', use: 'evaluation', positive: 'label ai', isPositive: isAi, kind: 'post', subgroup: (r) => `proficiency ${Math.round(Number(r.proficiency))}` },
  { file: 'student-essays.jsonl', dimension: 'aiStyle', use: 'evaluation', positive: 'label ai', isPositive: isAi, kind: 'post', subgroup: (r) => `writer ${String(r.writer)}` },
  { file: 'modern-chat.jsonl', dimension: 'aiStyle', use: 'evaluation', positive: 'label ai', isPositive: isAi, kind: 'comment' },
  { file: 'modern-assistant-answers.jsonl', dimension: 'aiStyle', use: 'evaluation', positive: 'label ai', isPositive: isAi, kind: 'post' },
]

/** The files that set the shipped model's weights and thresholds. */
export const FIT_DATASETS = DATASETS.filter((d) => d.use === 'fit')

/**
 * Flags (set by the data's curators) of chat-interface artefacts rather than writing style:
 * markdown, list-only answers, code, "Sure! Here's…" preambles, "As an AI" and refusals. Rows that
 * carry one are scored and reported but never fitted, so the model cannot learn the interface.
 */
export const ARTEFACT_FLAGS: ReadonlySet<string> = new Set(['markdown_bold', 'markdown_header', 'list_heavy', 'code_block', 'assistant_preamble', 'as_an_ai', 'refusal'])

export const DEV_DIR = process.env.DEV_DATA_DIR ?? fileURLToPath(new URL('../../../shared/data/dev/', import.meta.url))

export interface Row {
  text: string
  y: number
  /** Weighting group (`file:label`, or `file:domain:label` for matched data): each gets the same total weight when fitting. */
  group: string
  /** Rows that share a cluster (a human text and its rewrites, a question's two answers) stay in one fold. */
  cluster: string
  source: string
  domain: string
  /** The evaluation's subgroup (DatasetSpec.subgroup), or the domain. */
  subgroup: string
  kind: Kind
  dimension: Dimension
  use: Use
  /** Why the row is scored but never fitted (an interface artefact), if it is. */
  artefact?: string
  /** The model that wrote an AI row, where the file says (modern-rewrites: GPT-4o, Gemini-1.5-Pro, Llama-3-70B). */
  model?: string
  /** Reserved for deriving word lists: neither fitted nor evaluated (DatasetSpec.reserveHalfForLexicons). */
  reserved?: boolean
}

export interface LoadedFile {
  file: string
  rows: Row[]
  sha256: string
}

/**
 * Whole-text quotation marks: about 4.6% of modern-rewrites' AI rows (1.4% of its human rows) came
 * back wrapped in quotes, an artefact of how the rewrites were requested, not style. Only a pair
 * with no other double quote inside is removed.
 */
export function unwrapQuotes(text: string): string {
  const t = text.trim()
  if (t.length < 2) return text
  const open = t[0]
  const close = t[t.length - 1]
  if (!((open === '"' && close === '"') || (open === '\u201c' && close === '\u201d'))) return text
  const inner = t.slice(1, -1)
  return /["\u201c\u201d]/.test(inner) ? text : inner
}

/** Read one labeled JSONL file; fails with a message that says where the data should be. */
export function loadDataset(spec: DatasetSpec, dir = DEV_DIR): LoadedFile {
  const path = `${dir.replace(/\/$/, '')}/${spec.file}`
  if (!existsSync(path)) {
    throw new Error(`dev data not found at ${path}: lay the project's shared/ folder beside the checkout (../shared/data/dev) or set DEV_DATA_DIR`)
  }
  const raw = readFileSync(path)
  const rows: Row[] = []
  let n = 0
  for (const line of raw.toString('utf8').split('\n')) {
    if (line.trim() === '') continue
    const r = JSON.parse(line) as Record<string, unknown>
    const y = spec.isPositive(r) ? 1 : 0
    const domain = String(r.domain)
    const flags = Array.isArray(r.flags) ? (r.flags as unknown[]).map(String) : []
    const artefact = flags.find((f) => ARTEFACT_FLAGS.has(f))
    const pair = r.prompt_id ?? r.pair_id
    const side = y === 1 ? 'positive' : 'negative'
    rows.push({
      text: unwrapQuotes(String(r.text)),
      y,
      group: spec.groupByDomain ? `${spec.file}:${domain}:${side}` : `${spec.file}:${side}`,
      cluster: pair === undefined || pair === null ? `${spec.file}#${n}` : `${spec.file}:${String(pair)}`,
      source: spec.file,
      domain,
      subgroup: spec.subgroup ? spec.subgroup(r) : domain,
      kind: spec.kind,
      dimension: spec.dimension,
      use: spec.use,
      ...(artefact ? { artefact } : {}),
      ...(typeof r.model === 'string' ? { model: r.model } : {}),
    })
    n++
  }
  if (spec.groupByDomain) joinUnpairedRewrites(rows)
  if (spec.reserveHalfForLexicons) for (const r of rows) if (isLexiconHalf(r.cluster)) r.reserved = true
  return { file: spec.file, rows, sha256: createHash('sha256').update(raw).digest('hex') }
}

/** Whether a cluster falls in the half reserved for deriving word lists: a fixed hash of its id (FNV-1a), not a random draw. */
export function isLexiconHalf(cluster: string): boolean {
  let h = 0x811c9dc5
  for (let i = 0; i < cluster.length; i++) h = Math.imul(h ^ cluster.charCodeAt(i), 0x01000193) >>> 0
  return (h & 1) === 1
}

const wordSet = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [])

/**
 * Rows of matched data whose pair id is missing (modern-rewrites' 3,592 Gemini rewrites carry no
 * prompt_id) join the cluster of the human text in their domain whose words they share most
 * (Jaccard above 0.05; most share far more), so a rewrite is never fitted while its original is scored out-of-fold.
 */
export function joinUnpairedRewrites(rows: Row[]): void {
  const originals = new Map<string, Array<{ cluster: string; words: Set<string> }>>()
  for (const r of rows) {
    if (r.y !== 0 || r.cluster.includes('#')) continue
    const list = originals.get(r.domain) ?? originals.set(r.domain, []).get(r.domain)!
    list.push({ cluster: r.cluster, words: wordSet(r.text) })
  }
  for (const r of rows) {
    if (!r.cluster.includes('#')) continue
    const words = wordSet(r.text)
    let best = { cluster: r.cluster, score: 0.05 }
    for (const o of originals.get(r.domain) ?? []) {
      let shared = 0
      for (const w of words) if (o.words.has(w)) shared++
      const score = shared / (words.size + o.words.size - shared)
      if (score > best.score) best = { cluster: o.cluster, score }
    }
    r.cluster = best.cluster
  }
}
