/**
 * Informal spellings, chat shorthand and common misspellings: things people type and assistants don't.
 * Origin: compiled by this project. The shorthand is everyday internet usage; the misspellings are
 * among the entries of Wikipedia's "Lists of common misspellings" (CC BY-SA 4.0; single words,
 * selected, not copied as a list). Words that are also correct English ("its", "ill", "were", "defiantly";
 * "wont" is kept as the noun is rare) and one-letter variables ("n", "x", "y") are left out.
 */

/** Matched on the lower-cased token, whatever its case. */
export const INFORMAL_WORDS: ReadonlyMap<string, string> = new Map([
  // apostrophe dropped from a contraction
  ...['dont', 'cant', 'wont', 'didnt', 'doesnt', 'isnt', 'wasnt', 'werent', 'arent', 'hasnt', 'havent',
    'hadnt', 'couldnt', 'wouldnt', 'shouldnt', 'aint', 'thats', 'theres', 'whats', 'ive', 'youre',
    'theyre', 'youve', 'yall'].map((w) => [w, 'apostrophe dropped'] as [string, string]),
  // chat shorthand and colloquial forms
  ...['lol', 'lmao', 'lmfao', 'rofl', 'tbh', 'tbf', 'imo', 'imho', 'idk', 'idc', 'iirc', 'afaik', 'fwiw',
    'btw', 'omg', 'omfg', 'wtf', 'smh', 'ngl', 'nvm', 'ikr', 'irl', 'jk', 'pls', 'plz', 'thx', 'thanx',
    'gonna', 'wanna', 'gotta', 'kinda', 'sorta', 'dunno', 'lemme', 'gimme', 'cuz', 'coz', 'tho',
    'thru', 'ya', 'yah', 'yeah', 'yea', 'yep', 'yup', 'nope', 'nah', 'ok', 'okay', 'meh', 'ugh', 'hmm',
    'huh', 'whoa', 'lolz', 'xd', 'bruh', 'alright'].map(
    (w) => [w, 'informal'] as [string, string]),
  // common misspellings
  ...['alot', 'definately', 'definatly', 'seperate', 'seperately', 'teh', 'recieve',
    'recieved', 'occured', 'occuring', 'untill', 'wich', 'becuase', 'becasue', 'thier', 'beleive',
    'wierd', 'goverment', 'enviroment', 'arguement', 'occurence', 'independant', 'existance',
    'tommorow', 'tomorow', 'begining', 'calender', 'concious', 'embarassed', 'embarassing', 'finaly',
    'foward', 'freind', 'happend', 'immediatly', 'knowlege', 'libary', 'noticable', 'occassion',
    'persue', 'posession', 'prefered', 'priviledge', 'publically', 'realy', 'recomend', 'refered',
    'relevent', 'religous', 'succesful', 'sucessful', 'suprise', 'truely', 'wether', 'writting',
    'acheive', 'accomodate', 'agressive', 'apparantly', 'basicly', 'buisness', 'commited', 'completly',
    'critisism', 'dissapoint', 'dissapointed', 'existant', 'familar', 'fourty', 'greatful', 'guarentee',
    'harrass', 'hieght', 'humourous', 'intresting', 'interresting', 'lenght', 'liason', 'maintainance',
    'neccessary', 'necesary', 'paralell', 'peice', 'personel', 'posible', 'probaly', 'probally',
    'propably', 'reccomend', 'rythm', 'sence', 'shcool', 'similiar', 'sincerly', 'speach', 'strenght',
    'supposably', 'tounge', 'usefull', 'vaccum', 'youself', 'thnk', 'whith', 'becomming',
    'comming', 'diffrent', 'differnt', 'everytime', 'eachother', 'infact', 'aswell', 'atleast', 'incase'].map((w) => [w, 'misspelling'] as [string, string]),
])

/** Matched only when typed in lower case: upper case is a different word ("U.S.", "UR", "IM", "BC"). */
export const LOWERCASE_ONLY: ReadonlyMap<string, string> = new Map([
  ['u', 'informal'], ['ur', 'informal'], ['im', 'apostrophe dropped'], ['bc', 'informal'], ['b4', 'informal'],
  ['ty', 'informal'], ['ppl', 'informal'],
])

/** Tokens with a tripled letter that are not elongations. */
export const NOT_ELONGATED: ReadonlySet<string> = new Set(['www', 'iii', 'xxx', 'viii', 'xiii', 'xviii', 'xxiii', 'xxxiii', 'xxxx', 'aaa', 'bbb', 'ccc'])

/** Two-letter syllables whose repetition is written laughter ("haha", "hehehe", "jajaja"). */
export const LAUGH_SYLLABLES: ReadonlySet<string> = new Set(['ha', 'he', 'ah', 'ja', 'hi'])
