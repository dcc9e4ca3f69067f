/**
 * Register words: the impersonal, generalising vocabulary assistant models default to when they
 * explain (factors, various, typically, individuals), and the casual vocabulary of people talking
 * (pretty, basically, probably, stuff).
 * Origin: this project, chosen by comparing document frequencies of human and ChatGPT answers in
 * two independent sets (GRiD Reddit answers and HC3 Q&A, ../shared/data/dev): a word is listed
 * only when it leans the same way in both and is not a topic word (medications, investors,
 * symptoms are left out). Words that second-language writers lean on for basic academic
 * register (important, however, often, many) are also left out.
 */
import type { PhraseEntry } from './match.js'

export const EXPOSITORY_WORDS: PhraseEntry[] = [
  'factors', 'involves', 'involve', 'vary', 'varies', 'individuals', 'individual\'s', 'various',
  'several', 'typically', 'significant', 'significantly', 'key', 'overall', 'potential',
  'potentially', 'specific', 'combination', 'ensure', 'unique', 'allows', 'allowing', 'impact',
  'impacts', 'role', 'refers', 'aspects', 'aspect', 'range', 'particularly', 'context',
  'ultimately', 'generally', 'complex', 'essential', 'effectively', 'contribute', 'contributed',
  'contributing', 'influenced', 'influence', 'resulting', 'numerous', 'primarily', 'primary',
  'associated', 'certain', 'considered', 'considerations', 'additionally', 'furthermore',
  'widely', 'commonly', 'effective', 'experiences', 'challenges', 'benefits',
  'challenging', 'managing', 'evaluate', 'determine', 'assess', 'carefully', 'strategies', 'maintain',
  'analyze', 'responsible', 'provide', 'provides', 'helps', 'designed', 'represents', 'techniques',
  'concerns', 'occur', 'occurs', 'contains', 'causing', 'presence', 'activities', 'structure',
].map((phrase) => ({ phrase, note: 'impersonal expository register' }))

export const CASUAL_WORDS: PhraseEntry[] = [
  'pretty', 'basically', 'probably', 'maybe', 'really', 'seems', 'stuff', 'thing', 'things', 'got',
  'gotten', 'gonna', 'kinda', 'actually', 'anyway', 'anyways', 'guess', 'mostly', 'almost',
  'perhaps', 'obviously', 'honestly', 'literally', 'totally', 'super', 'bit', 'lot', 'lots', 'etc',
  'okay', 'ok', 'yeah', 'nope', 'huh', 'hmm', 'nah', 'sure', 'anyhow', 'kind of',
  'sort of', 'a bit', 'i guess', 'i think', 'i mean', 'you know', 'you see', 'mind you', 'by the way',
  'to be fair', 'pretty much', 'and so on', 'or something', 'or so', 'whatever', 'tons', 'bunch',
  'crazy', 'weird', 'cool', 'dude', 'guys', 'folks', 'nowadays', 'anymore', 'ago',
].map((phrase) => ({ phrase, note: 'casual register' }))

/**
 * Discourse particles and stance words of involved writing (just, even, only, though, I think,
 * you know, etc): far more frequent in the human than in the ChatGPT answers of both GRiD and HC3.
 * "very" leans the same way but is left out: it is half of the stock praise "very timely".
 */
export const DISCOURSE_PARTICLES: PhraseEntry[] = [
  'just', 'even', 'only', 'though', 'much', 'quite', 'think', 'know', 'knew', 'say', 'said',
  'says', 'guess', 'etc', 'thus', 'e g', 'i e', 'eg', 'ie', 'anyway', 'fact', 'course', 'lot', 'bit',
  'still', 'simply', 'else', 'whatever', 'somewhat', 'ones', 'yet', 'definitely', 'nothing',
  'anything', 'something', 'never', 'ever', 'already', 'exactly', 'fairly', 'nearly', 'unless',
  'otherwise', 'either', 'actual', 'entire', 'entirely', 'huge', 'big', 'bad', 'wrong', 'little',
  'couple', 'then', 'although',
].map((phrase) => ({ phrase, note: 'discourse particle' }))

/**
 * Plain everyday verbs of narration and conversation (got, went, came, happened, told): people
 * tell what happened; assistant answers describe in nominal, abstract terms. Chosen as above.
 */
export const PLAIN_VERBS: PhraseEntry[] = [
  'get', 'gets', 'got', 'getting', 'go', 'goes', 'went', 'gone', 'going', 'came', 'coming', 'happened',
  'happens', 'started', 'tell', 'told', 'telling', 'saying', 'doing', 'done', 'assume', 'mention',
  'mentioned', 'asked', 'ask', 'seen', 'brought', 'lost', 'wrote', 'read', 'looked', 'figured',
  'put', 'made', 'took', 'gave', 'kept', 'left', 'ran', 'tried', 'wanted', 'needed',
].map((phrase) => ({ phrase, note: 'plain everyday verb' }))
