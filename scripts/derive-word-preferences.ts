/**
 * `npx tsx scripts/derive-word-preferences.ts`: derive src/lexicons/word-preferences.json, the words
 * that current models prefer, and the words they avoid, against human text of the same kind.
 *
 * Data: only the half of modern-rewrites.jsonl reserved for deriving word lists (see
 * DatasetSpec.reserveHalfForLexicons): human texts and their GPT-4o, Gemini 1.5 and Llama 3
 * rewrites, so topic is held fixed and what differs is word choice. That half is never fitted nor
 * evaluated, so the signals that read the list are measured on text it was not derived from.
 * Rows with interface artefacts (markdown, lists, code, preambles) and the code register are left out.
 *
 * Per word (the engine's own tokens, lower-cased): its rate per million words in the AI rows and in
 * the human rows, smoothed by one occurrence; kept when seen 20+ times in 10+ texts, its rate ratio
 * is at least 1.15 either way (1.5 kept 1,324 words and 0.003 less AUROC on the fitted half), the same direction holds in at least 3 of the 19 prose registers (not one
 * topic's word; a stricter 10 kept 310 words and cost 0.03 of AUROC on the fitted half) and
 * for at least 2 of the 3 models. Words with digits are left out (numbers are content, not style).
 * Deterministic: the same data gives the same file byte for byte.
 */
import { writeFileSync } from 'node:fs'
import { prepare } from '../src/engine/document.js'
import { FIT_DATASETS, loadDataset } from '../src/model/datasets.js'

const MIN_COUNT = 20
const MIN_TEXTS = 10
const MIN_RATIO = 1.15
const MIN_REGISTERS = 3
const MAX_LOG_RATIO = 3

const spec = FIT_DATASETS.find((d) => d.file === 'modern-rewrites.jsonl')!
const rows = loadDataset(spec).rows.filter((r) => r.reserved && r.artefact === undefined && r.domain !== 'code')
const models = ['GPT-4o', 'Gemini-1.5-Pro', 'Llama-3-70B']
interface Counts { n: number; texts: number }
const tally = () => new Map<string, Counts>()
const side = [tally(), tally()]
const totals = [0, 0]
const byRegister = new Map<string, [Map<string, number>, Map<string, number>, number[]]>()
const byModel = new Map<string, [Map<string, number>, number]>()
const humanAll = new Map<string, number>()
let humanTotal = 0
for (const r of rows) {
  const words = prepare(r.text).tokens.map((t) => t.lower).filter((w) => !/\d/.test(w))
  const reg = byRegister.get(r.domain) ?? byRegister.set(r.domain, [new Map(), new Map(), [0, 0]]).get(r.domain)!
  totals[r.y] += words.length
  reg[2][r.y] += words.length
  const seen = new Set<string>()
  for (const w of words) {
    const c = side[r.y].get(w) ?? side[r.y].set(w, { n: 0, texts: 0 }).get(w)!
    c.n++
    if (!seen.has(w)) { c.texts++; seen.add(w) }
    const regSide = reg[r.y === 1 ? 1 : 0] // Row.y is 0 or 1; a literal index types it as one of the two maps
    regSide.set(w, (regSide.get(w) ?? 0) + 1)
    if (r.y === 1) {
      const m = byModel.get(r.model!) ?? byModel.set(r.model!, [new Map(), 0]).get(r.model!)!
      m[0].set(w, (m[0].get(w) ?? 0) + 1)
    } else humanAll.set(w, (humanAll.get(w) ?? 0) + 1)
  }
  if (r.y === 1) byModel.get(r.model!)![1] += words.length
  else humanTotal += words.length
}

const logRatio = (a: number, aTotal: number, h: number, hTotal: number) => Math.log(((a + 1) / aTotal) / ((h + 1) / hTotal))
const entries: Array<{ word: string; logRatio: number; aiPerMillion: number; humanPerMillion: number; registers: number; models: number }> = []
const words = [...new Set([...side[0].keys(), ...side[1].keys()])].sort()
for (const w of words) {
  const a = side[1].get(w) ?? { n: 0, texts: 0 }
  const h = side[0].get(w) ?? { n: 0, texts: 0 }
  if (a.n + h.n < MIN_COUNT || a.texts + h.texts < MIN_TEXTS) continue
  const lr = logRatio(a.n, totals[1], h.n, totals[0])
  if (Math.abs(lr) < Math.log(MIN_RATIO)) continue
  const dir = Math.sign(lr)
  let registers = 0
  for (const [, [hm, am, t]] of byRegister) if (Math.sign(logRatio(am.get(w) ?? 0, t[1], hm.get(w) ?? 0, t[0])) === dir && (am.get(w) ?? 0) + (hm.get(w) ?? 0) > 0) registers++
  let agreeing = 0
  for (const m of models) {
    const [mm, mt] = byModel.get(m) ?? [new Map<string, number>(), 1]
    if (Math.sign(logRatio(mm.get(w) ?? 0, mt, humanAll.get(w) ?? 0, humanTotal)) === dir) agreeing++
  }
  if (registers < MIN_REGISTERS || agreeing < 2) continue
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4
  entries.push({
    word: w,
    logRatio: r4(Math.max(-MAX_LOG_RATIO, Math.min(MAX_LOG_RATIO, lr))),
    aiPerMillion: Math.round((1e6 * a.n) / totals[1]),
    humanPerMillion: Math.round((1e6 * h.n) / totals[0]),
    registers,
    models: agreeing,
  })
}
const out = {
  source:
    'Derived by scripts/derive-word-preferences.ts from the half of ../shared/data/dev/modern-rewrites.jsonl reserved for word lists (human texts and their GPT-4o, Gemini-1.5-Pro and Llama-3-70B rewrites; ranhli/l2r_data, CC BY 3.0: Hao et al., "Learning to Rewrite: Generalized LLM-Generated Text Detection", ACL 2025). ' +
    `A word is kept when seen ${MIN_COUNT}+ times in ${MIN_TEXTS}+ texts, its rate ratio (AI / human, smoothed by one) is at least ${MIN_RATIO} either way, and the direction holds in ${MIN_REGISTERS}+ of the 19 prose registers and for 2+ of the 3 models. ` +
    `logRatio is the natural log of that ratio, capped at ±${MAX_LOG_RATIO}: positive, models prefer the word; negative, human writers do.`,
  words: { ai: totals[1], human: totals[0] },
  entries,
}
writeFileSync(new URL('../src/lexicons/word-preferences.json', import.meta.url), JSON.stringify(out, null, 1) + '\n')
const top = (sign: number) => entries.filter((e) => Math.sign(e.logRatio) === sign).sort((x, y) => sign * (y.logRatio - x.logRatio)).slice(0, 40).map((e) => `${e.word} ${e.logRatio.toFixed(2)}`)
process.stderr.write(`${rows.length} rows (${totals[1]} AI words, ${totals[0]} human); ${entries.length} words kept: ${entries.filter((e) => e.logRatio > 0).length} preferred by models, ${entries.filter((e) => e.logRatio < 0).length} by human writers\n`)
process.stderr.write(`models prefer: ${top(1).join(', ')}\nhumans prefer: ${top(-1).join(', ')}\n`)
