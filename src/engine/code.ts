/**
 * How much of a text is code or markup rather than prose: the service judges writing style, and a
 * function, a stack trace or an HTML fragment has none to judge. Line by line, linear in the input,
 * no regular expression that can backtrack.
 */
import type { Doc } from './document.js'
import { C } from './chars.js'

/** Share of a text's characters above which it is `insufficient`: mostly code, not prose. */
export const MAX_CODE_SHARE = 0.5

/** Line openings of code; the keyword ones also open prose, so they count only on a line without sentence punctuation at its end. */
const CODE_STARTS = ['>>>', '#include', '//', '/*', '*/', '</', '<!', '```', '$ ']
const KEYWORD_STARTS = ['def ', 'class ', 'import ', 'from ', 'return ', 'const ', 'let ', 'var ', 'function ', 'public ', 'private ', 'elif ', 'else:', 'try:', 'except ']
const CODE_ENDS = ['{', '}', '```']
const CODE_INFIXES = ['=>', '==', '!=', '&&', '||', '();', '::', '[]', '{}', '+=', '-=', ' = ']
/** Last characters of a line of prose. */
const PROSE_ENDS = new Set('.!?,:;)"\'\u201d\u2019')
/** Characters that are rare in prose and common in code and markup. */
const IS_SYMBOL = new Uint8Array(128)
for (const ch of '{}[]<>=;_\\|$`~^') IS_SYMBOL[ch.charCodeAt(0)] = 1

/** Longer than every opening in CODE_STARTS and KEYWORD_STARTS: only this much of a line is lower-cased to compare them. */
const OPENING_CHARS = 16

/** Whether one trimmed line (with its indentation) reads as code or markup. */
export function isCodeLine(line: string, indent: number): boolean {
  // the openings are ASCII, and lower-casing maps no character to ASCII differently at the end of a slice than inside the line
  const lower = line.slice(0, OPENING_CHARS).toLowerCase()
  if (CODE_STARTS.some((s) => lower.startsWith(s))) return true
  const words = countOf(line, ' ') + 1
  const prosy = PROSE_ENDS.has(line[line.length - 1])
  // an indented paragraph of prose (Reddit indents some) ends like a sentence and runs long; an
  // indented list item ("- milk", "2. eggs") is a list, not code
  const listItem = /^(?:[-*•+]|\d{1,3}[.)])\s/.test(line)
  if (indent >= 4 && !listItem && !(prosy && words >= 8)) return true
  // "def f(x):" and "else:" end in a colon, as a lead-in to a list does: for keyword lines a colon is code
  const last = line[line.length - 1]
  if ((!prosy || last === ':') && KEYWORD_STARTS.some((s) => lower.startsWith(s))) {
    if (words <= 4 || (words <= 12 && (line.includes('(') || line.includes('=') || line.endsWith(':')))) return true
  }
  if (CODE_ENDS.some((s) => line.endsWith(s))) return true
  // a statement's semicolon ("x = 5;", "run();"), not an emoticon's (";_;", "(;")
  if (line.endsWith(';') && line.length > 1 && /[\p{L}\p{N})\]'"]/u.test(line[line.length - 2]) && !/&#?\w{1,8};$/.test(line)) return true
  // code lines are short: a long line with a snippet inside is a paragraph of prose
  if (words > 25) return false
  let infixes = 0
  for (const s of CODE_INFIXES) if (line.includes(s)) infixes++
  if (infixes >= 2) return true
  let symbols = 0
  let visible = 0
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i)
    if (c === C.SPACE || c === C.TAB) continue
    // a pair of surrogates is one character
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < line.length && (line.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++
    visible++
    if (c < 128 && IS_SYMBOL[c] === 1) symbols++
  }
  return visible >= 20 && symbols / visible > 0.15
}

function countOf(line: string, what: string): number {
  let n = 0
  for (let i = line.indexOf(what); i >= 0; i = line.indexOf(what, i + what.length)) n++
  return n
}

/** Share of the text's non-blank characters on lines that read as code or markup (0 for prose). */
export function codeShare(doc: Doc): number {
  let code = 0
  let all = 0
  let fenced = false
  // lines after an opening fence count as code only once the block is closed: a stray """ or
  // ``` in prose does not turn the rest of the text into code
  let pending = 0
  for (const range of doc.lines) {
    const line = doc.text.slice(range.start, range.end)
    let lineStart = range.start
    while (lineStart > 0 && doc.text.charCodeAt(lineStart - 1) !== 10) lineStart--
    const indentText = doc.text.slice(lineStart, range.start)
    const indent = indentText.length + 3 * (indentText.split('\t').length - 1)
    // a code fence, or a Python docstring's quotes, opens or closes a block that is code whatever it says
    const fence = line.startsWith('```') || countOf(line, '"""') % 2 === 1 || countOf(line, "'''") % 2 === 1
    all += line.length
    if (fence) {
      if (fenced) code += pending + line.length
      pending = fenced ? 0 : line.length
      fenced = !fenced
    } else if (fenced) pending += line.length
    else if (isCodeLine(line, indent)) code += line.length
  }
  return all === 0 ? 0 : code / all
}
