/**
 * Word classes for the "not X but Y" contrast frame ("It's not a tool — it's a mindset",
 * "not only X but also Y", "This isn't about X. It's about Y.").
 * Origin: this project, after the "not X but Y" pattern of sam-paech/antislop-sampler
 * (slop_regexes.txt, Apache-2.0), which is rewritten here as a bounded token scan instead of a
 * regex; the concession filter (words after "but" that start a new clause) is this project's own.
 */

/** Contracted negated copulas and auxiliaries that open the frame on their own. */
export const NEGATED_COPULAS = new Set(["isn't", "aren't", "wasn't", "weren't", "ain't"])

/** Negated auxiliaries that open the frame only with an intensifier: "doesn't just X, it Y". */
export const NEGATED_AUXILIARIES = new Set(["don't", "doesn't", "didn't", "won't", "can't"])

/** Copulas that turn a following "not" into a negated copula: "it's not", "that is not". */
export const COPULAS = new Set([
  'is', 'are', 'was', 'were', 'be', "it's", "that's", "this's", "they're", "he's", "she's", "we're",
  "you're", "i'm", "there's", "what's", "here's",
])

/** "not only / not just ..." : the intensifiers that make the frame unambiguous. */
export const INTENSIFIERS = new Set(['only', 'just', 'merely', 'simply', 'solely', 'even'])

/** Pronoun-copula contractions that restate the subject: "..., it's Y". */
export const RESTATEMENTS = new Set(["it's", "they're", "that's", "he's", "she's", "we're", "you're", "i'm"])

/** Pronouns that restate the subject when followed by a copula or a verb: "..., it is Y". */
export const RESTATING_PRONOUNS = new Set(['it', 'they', 'that', 'this', 'he', 'she', 'we', 'you', 'i'])

/** Copulas after a restating pronoun: "it is", "they are", "this was". */
export const RESTATING_COPULAS = new Set(['is', 'are', 'was', 'were', 'am', "'s"])

/**
 * Words after a restatement that mark an unrelated new clause ("It's been two days", "It is
 * important to ...", "It's also ..."), not the asserted alternative.
 */
export const RESTATEMENT_STOPS = new Set([
  'been', 'got', 'gotten', 'gone', 'going', 'getting', 'important', 'also', 'possible', 'likely',
  'unlikely', 'recommended', 'best', 'generally', 'usually', 'often', 'always', 'never', 'not',
  'still', 'unclear', 'difficult', 'hard', 'worth', 'essential', 'crucial', 'advisable', 'probably',
  'because', 'true', 'safe', 'okay', 'ok', 'fine',
])

/** Words after "but" that open a concession clause ("not perfect, but it works"), not a contrast. */
export const CONCESSION_STARTS = new Set([
  'i', "i'm", "i've", "i'd", "i'll", 'you', "you're", "you've", "you'd", "you'll", 'we', "we're",
  "we've", "we'd", "we'll", 'he', "he's", "he'd", 'she', "she's", "she'd", 'it', "it's", "it'd",
  "it'll", 'they', "they're", "they've", "they'd", "they'll", 'there', "there's", 'that', "that's",
  'this', 'these', 'those', 'if', 'when', 'then', 'still', 'yes', 'yeah', 'hey', 'anyway', 'honestly',
  'maybe', 'probably', 'hopefully', 'sometimes', 'at', 'my', 'your', 'our', 'his', 'her', 'their',
  'its', 'not', "don't", "doesn't", "didn't", "can't", 'can', 'could', 'would', 'should', 'will',
  'may', 'might', 'do', 'does', 'did', 'is', 'are', 'was', 'were', 'have', 'has', 'had', 'so', 'also',
  'what', 'how', 'why', 'who', 'now', 'some', 'most', 'many', 'one',
])

/** Words right after "not" that make a human hedge, not a contrast ("I'm not sure, but"). */
export const HEDGE_AFTER_NOT = new Set([
  'sure', 'certain', 'positive', 'convinced', 'aware', 'familiar', 'saying', 'trying', 'claiming',
  'suggesting', 'arguing', 'implying', 'expert', 'that', 'much', 'too', 'very', 'really', 'quite',
  'entirely', 'completely', 'totally', 'exactly', 'necessarily', 'always', '100', 'bad', 'great',
  'perfect', 'ideal', 'easy', 'cheap', 'pretty', 'as', 'so', 'all', 'everyone', 'everything', 'many',
  'every', 'sayin', 'gonna', 'going', 'able', 'allowed', 'supposed',
])

/** Words just before "not" where it is no frame at all: "whether or not", "if not", "why not". */
export const NOT_PRECEDERS = new Set(['or', 'if', 'why', 'whether', 'course', 'probably', 'hopefully'])
