/**
 * Word classes for the rule-of-three signal ("fast, cheap, and reliable").
 * Origin: this project. The words are function words that start a clause, so "Yes, I went and
 * bought it" is not read as a list of three items.
 */

/** Conjunctions that close a list: "X, Y and Z", "X, Y, or Z". */
export const LIST_CONJUNCTIONS = new Set(['and', 'or'])

/** Words that open a clause rather than a list item. */
export const CLAUSE_STARTS = new Set([
  'i', "i'm", "i've", "i'd", "i'll", 'you', "you're", "you've", "you'd", "you'll", 'we', "we're",
  "we've", "we'd", "we'll", 'he', "he's", "he'd", 'she', "she's", "she'd", 'it', "it's", "it'd",
  "it'll", 'they', "they're", "they've", "they'd", "they'll", 'there', "there's", "that's", 'this',
  'if', 'when', 'while', 'because', 'since', 'although', 'though', 'but', 'so', 'then', 'which',
  'who', 'where', 'as', 'however', 'and', 'or', 'not', 'is', 'are', 'was', 'were', 'do', 'does',
  'did', 'can', 'could', 'would', 'should', 'will', 'have', 'has', 'had', 'let', "let's", 'please',
])

/**
 * Words that open an appositive or a modifier after a comma ("..., such as X or Y", "..., combined
 * with X and Y"), not the second item of a list.
 */
export const APPOSITIVE_STARTS = new Set([
  'such', 'including', 'like', 'especially', 'particularly', 'namely', 'mainly', 'mostly', 'for',
  'with', 'without', 'from', 'in', 'on', 'at', 'by', 'to', 'into', 'through', 'during', 'after',
  'before', 'combined', 'based', 'leading', 'resulting', 'both', 'either', 'neither', 'even', 'just',
  'only', 'simply', 'rather', 'instead', 'often', 'usually', 'typically', 'sometimes', 'too', 'etc',
  'than', 'about', 'whether', 'what', 'how', 'why', 'whose', 'whom', 'each', 'every', 'all',
])

/**
 * Words that open an introductory phrase at the start of a sentence ("In ancient Greece, romance
 * and courtship ..."), so the comma ends the phrase rather than a first list item.
 */
export const INTRODUCERS = new Set([
  'in', 'during', 'for', 'after', 'before', 'when', 'while', 'as', 'if', 'since', 'although',
  'though', 'by', 'with', 'on', 'at', 'from', 'to', 'through', 'despite', 'unlike', 'like', 'after',
  'because', 'once', 'until', 'within', 'without', 'under', 'over', 'among', 'according', 'given',
  'of', 'besides', 'apart', 'instead', 'whatever', 'whenever', 'wherever', 'today', 'now', 'back',
  'for', 'in', 'at', 'compared', 'due', 'thanks', 'following', 'following', 'aside', 'beyond',
])

/** Single words that head a sentence before a comma without being a list item ("Well, ..."). */
export const DISCOURSE_MARKERS = new Set([
  'well', 'yes', 'yeah', 'no', 'nope', 'ok', 'okay', 'so', 'oh', 'sure', 'however', 'also', 'now',
  'first', 'then', 'actually', 'honestly', 'anyway', 'hi', 'hello', 'hey', 'thanks', 'again',
  'still', 'sadly', 'unfortunately', 'basically', 'obviously', 'again', 'finally', 'lol', 'edit',
])
