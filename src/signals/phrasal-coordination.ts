import { defineSignal, spanDensity } from './define.js'

/**
 * Words after "and" that begin a new clause ("and then I", "and it was"): clausal coordination is
 * how people chain events when they talk, and it is what learners of English lean on, so it is
 * not counted. What remains is phrasal coordination, "and" joining words and phrases ("historians
 * and archaeologists", "acknowledged and understood", "X, Y, and Z").
 */
const CLAUSE_STARTS = new Set([
  'i', 'you', 'he', 'she', 'it', 'we', 'they', 'then', 'so', 'that', 'this', 'there', 'now', 'also', 'yet',
  'still', 'if', 'when', 'because', 'but', 'not', 'is', 'was', 'are', 'were', "i'm", "it's", "that's",
  "there's", "he's", "she's", "they're", "we're", "you're", "i've", "don't", "didn't",
])

const LOWER = /^\p{Ll}/u

export default defineSignal({
  id: 'phrasal-coordination',
  dimension: 'aiStyle',
  description: 'Dense phrasal coordination: "and" joining paired words and lists inside sentences ("tragic and deeply important", "X, Y, and Z").',
  source:
    'Phrasal coordination is one of Biber\'s (1988) informational features; instruction-tuned model text is denser in it (Reinhart et al. 2025). ' +
    'On the dev data "and" between phrases is more frequent in the ChatGPT answers of both GRiD and HC3 (AUROC 0.75 in each). ' +
    'Sentence-initial "And" and "and" opening a clause (and then, and I) are not counted.',
  weight: { fit: 'raises' },
  examples: {
    flagged: [
      { text: 'The topic is tragic and deeply important, spanning Canada, the United States, and Australia.', evidence: ['and deeply'] },
      { text: 'Historians and archaeologists debate the linguistic and genetic evidence.', evidence: ['and archaeologists', 'and genetic'] },
    ],
    clean: ['We went to the shop and then we went home.', 'And that was that.', 'I went and I saw it.', 'Thanks to Priya, Tom and Ana.', 'Read and http://example.com/a-b and.'],
  },
  measure(doc) {
    const t = doc.tokens
    const spans: Array<[number, number]> = []
    for (let i = 1; i + 1 < t.length; i++) {
      if (t[i].lower !== 'and' || t[i - 1].sentence !== t[i].sentence || t[i + 1].sentence !== t[i].sentence) continue
      // The next word must follow "and" directly (only white space between): tokens skip links.
      if (doc.text.slice(t[i].end, t[i + 1].start).trim() !== '') continue
      // Names and figures ("Alice and Bob", "and ₹1 crore") are lists people write too; the style is in common words.
      if (CLAUSE_STARTS.has(t[i + 1].lower) || !LOWER.test(t[i + 1].text)) continue
      spans.push([t[i].start, t[i + 1].end])
    }
    return spanDensity(doc, spans, 'phrasal "and"')
  },
})
