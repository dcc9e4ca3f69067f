/**
 * Everyday English words of nine letters or more: long, but not a sign that a text names
 * anything in particular (no-specifics treats other long words as concrete vocabulary).
 * Origin: compiled by this project from frequent long words in general English and in social
 * media comments. Licence: the project's own.
 */
export const COMMON_LONG_WORDS: ReadonlySet<string> = new Set([
  'absolutely', 'according', 'additional', 'additionally', 'appreciate', 'appreciated',
  'appreciation', 'available', 'basically', 'beautiful', 'beautifully', 'beginning', 'believing',
  'brilliant', 'certainly', 'challenge', 'challenges', 'challenging', 'community', 'companies',
  'completely', 'congratulations', 'considering', 'continued', 'continues', 'conversation',
  'conversations', 'definitely', 'determine', 'developing', 'development', 'difference',
  'different', 'difficult', 'direction', 'discovered', 'discussion', 'education', 'emotional',
  'encourage', 'encouraged', 'encouraging', 'environment', 'especially', 'everybody', 'everything',
  'everywhere', 'excellent', 'excitement', 'experience', 'experienced', 'experiences', 'explained',
  'extremely', 'fantastic', 'favourite', 'financial', 'following', 'generally', 'generation',
  'gentlemen', 'government', 'happening', 'happiness', 'hopefully', 'immediately', 'importance',
  'important', 'impossible', 'increasing', 'incredible', 'incredibly', 'individual', 'individuals',
  'influence', 'information', 'insightful', 'inspiration', 'inspirational', 'inspiring',
  'interested', 'interesting', 'knowledge', 'listening', 'literally', 'mentioned', 'motivation',
  'naturally', 'necessary', 'nevertheless', 'obviously', 'opportunities', 'opportunity',
  'organization', 'organizations', 'otherwise', 'ourselves', 'particular', 'particularly',
  'perfectly', 'performance', 'personally', 'perspective', 'perspectives', 'political',
  'population', 'potentially', 'practically', 'presentation', 'president', 'previously',
  'principle', 'principles', 'professional', 'professionals', 'questions', 'realistic',
  'recognise', 'recognize', 'recommend', 'recommended', 'relationship', 'relationships',
  'seriously', 'sincerely', 'situation', 'situations', 'something', 'sometimes', 'somewhere',
  'statement', 'strategies', 'structure', 'successful', 'suggested', 'suggestion', 'surprised',
  'surprising', 'technologies', 'technology', 'themselves', 'therefore', 'thoughtful',
  'throughout', 'traditional', 'ultimately', 'understand', 'understanding', 'understood',
  'unfortunately', 'wonderful', 'wonderfully', 'workplace', 'yesterday', 'yourselves',
])
