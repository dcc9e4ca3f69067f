/**
 * franc-min's `francAll`, the same answers at a fraction of the cost.
 *
 * franc compares the text's trigrams with each language's 300 ranked trigrams by looking every
 * trigram up in every language's dictionary: about 90 trigrams × 44 Latin-script languages of
 * object lookups per short text, which made language identification the engine's most expensive
 * step (about a fifth of its time on the dev files, 80 µs for a headline). Here each script's
 * profiles are turned once into one table, trigram → the rank in every language, so a text costs
 * one lookup per distinct trigram. The data, the script expressions, the cleaning, the distance
 * and the normalisation are franc's own (franc-min 6.2, MIT, Titus Wormer); a test checks the
 * answers equal franc's on the dev files and on random text.
 */
import { data } from 'franc-min/data.js'
import { expressions } from 'franc-min/expressions.js'

export type LanguageTuple = [string, number]

/** franc's constants: longest sample, shortest by default, the distance of a missing trigram. */
const MAX_LENGTH = 2048
const MIN_LENGTH = 10
const MAX_DIFFERENCE = 300

interface ScriptTable {
  languages: string[]
  /**
   * For each trigram of any profile, the languages whose profile has it and its rank there, as
   * pairs [language index, rank, language index, rank, ...].
   */
  ranks: Map<string, Int16Array>
}

const tables = new Map<string, ScriptTable>()

/** The rank table of one script, built on first use (in franc's order of languages). */
function tableOf(script: string): ScriptTable {
  const cached = tables.get(script)
  if (cached) return cached
  const profiles = data[script]
  const languages = Object.keys(profiles)
  const pairs = new Map<string, number[]>()
  languages.forEach((language, l) => {
    const model = profiles[language].split('|')
    const rank = new Map<string, number>()
    // Downwards, as franc builds its dictionaries: a repeated trigram keeps its lowest rank.
    for (let weight = model.length - 1; weight >= 0; weight--) rank.set(model[weight], weight)
    for (const [gram, weight] of rank) {
      const list = pairs.get(gram)
      if (list) list.push(l, weight)
      else pairs.set(gram, [l, weight])
    }
  })
  const ranks = new Map<string, Int16Array>()
  for (const [gram, list] of pairs) ranks.set(gram, Int16Array.from(list))
  const table = { languages, ranks }
  tables.set(script, table)
  return table
}

const und = (): LanguageTuple[] => [['und', 1]]

/** The script whose expression matches most of `value` (franc's getTopScript). */
function topScript(value: string): [string | undefined, number] {
  let topCount = -1
  let top: string | undefined
  for (const script of Object.keys(expressions)) {
    const matches = value.match(expressions[script])
    const count = (matches ? matches.length : 0) / value.length || 0
    if (count > topCount) {
      topCount = count
      top = script
    }
  }
  return [top, topCount]
}

/** Trigram counts of franc's cleaned text: ASCII punctuation and digits out, white space collapsed, lower case, padded. */
function trigramCounts(value: string): Map<string, number> {
  const cleaned = ` ${value.replace(/[\u0021-\u0040]+/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase()} `
  const counts = new Map<string, number>()
  for (let i = 0; i + 3 <= cleaned.length; i++) {
    const gram = cleaned.slice(i, i + 3)
    counts.set(gram, (counts.get(gram) ?? 0) + 1)
  }
  return counts
}

/**
 * franc's distance of `value` to each language of its script (smaller is closer), or the answer
 * when there is nothing to compare: `und` when too short to tell, the script's name for a script
 * of one language.
 */
function distances(value: string, minLength: number): { languages: string[]; distance: number[]; length: number } | LanguageTuple[] {
  if (!value || value.length < minLength) return und()
  value = value.slice(0, MAX_LENGTH)
  const [script, share] = topScript(value)
  if (script === undefined || share === 0) return und()
  if (!(script in data)) return [[script, 1]]
  const { languages, ranks } = tableOf(script)
  // franc adds MAX_DIFFERENCE for each trigram a language lacks, and the rank difference for each
  // it has: that is MAX_DIFFERENCE per trigram, less (MAX_DIFFERENCE - difference) for each it has.
  // Integers throughout, so the sums are exact and equal franc's. A plain array: a typed one would
  // be allocated outside V8's heap (see arrays.ts).
  const saved = new Array<number>(languages.length).fill(0)
  let distinct = 0
  for (const [gram, count] of trigramCounts(value)) {
    distinct++
    const row = ranks.get(gram)
    if (row === undefined) continue
    for (let k = 0; k < row.length; k += 2) saved[row[k]] += MAX_DIFFERENCE - Math.abs(count - row[k + 1] - 1)
  }
  return { languages, distance: saved.map((s) => distinct * MAX_DIFFERENCE - s), length: value.length }
}

/** franc's normalised score of a distance, given the smallest: 1 for the closest language. */
const normalised = (distance: number, min: number, length: number) => 1 - (distance - min) / (length * MAX_DIFFERENCE - min) || 0

/** Languages of `value` with franc's normalised scores, best first; `und` when too short to tell. */
export function francAll(value: string, options: { minLength?: number } = {}): LanguageTuple[] {
  const d = distances(value, options.minLength ?? MIN_LENGTH)
  if (Array.isArray(d)) return d
  const tuples: LanguageTuple[] = d.languages.map((language, l) => [language, d.distance[l]])
  tuples.sort((a, b) => a[1] - b[1])
  const min = tuples[0][1]
  for (const tuple of tuples) tuple[1] = normalised(tuple[1], min, d.length)
  return tuples
}

/**
 * What detectLanguage reads of francAll, without ranking every language: the best language
 * (francAll(value, options)[0][0]) and `language`'s score (undefined when francAll does not list it).
 */
export function francBest(value: string, language: string, options: { minLength?: number } = {}): { best: string; score: number | undefined } {
  const d = distances(value, options.minLength ?? MIN_LENGTH)
  if (Array.isArray(d)) return { best: d[0][0], score: d[0][0] === language ? d[0][1] : undefined }
  // The first language at the smallest distance: francAll's sort is stable.
  let best = 0
  for (let l = 1; l < d.distance.length; l++) if (d.distance[l] < d.distance[best]) best = l
  const own = d.languages.indexOf(language)
  return { best: d.languages[best], score: own < 0 ? undefined : normalised(d.distance[own], d.distance[best], d.length) }
}
