/**
 * Places recruiters name, with the languages spoken there: locations for the profile and the
 * "language required but location mismatch" rule. `Name|language,language|alias;alias`; a `*`
 * marks a country (the rest are cities).
 */
const PLACE_DATA = `
Berlin|German|
Munich|German|münchen
Hamburg|German|
Frankfurt|German|
Cologne|German|köln
Stuttgart|German|
Düsseldorf|German|dusseldorf
Vienna|German|wien
Zurich|German|zürich
Geneva|French|genève
Basel|German|
*Germany|German|deutschland
*Austria|German|österreich
*Switzerland|German,French,Italian|schweiz;suisse
Paris|French|
Lyon|French|
Marseille|French|
Toulouse|French|
*France|French|
Brussels|French,Dutch|bruxelles;brussel
*Belgium|French,Dutch|
Amsterdam|Dutch|
Rotterdam|Dutch|
Utrecht|Dutch|
The Hague|Dutch|den haag
*Netherlands|Dutch|holland;nederland
Madrid|Spanish|
Barcelona|Spanish,Catalan|
Valencia|Spanish|
Seville|Spanish|sevilla
*Spain|Spanish|españa
Lisbon|Portuguese|lisboa
Porto|Portuguese|
*Portugal|Portuguese|
Milan|Italian|milano
Rome|Italian|roma
Turin|Italian|torino
*Italy|Italian|italia
Dublin|English|
Cork|English|
*Ireland|English|
London|English|
Manchester|English|
Leeds|English|
Birmingham|English|
Bristol|English|
Edinburgh|English|
Glasgow|English|
*UK|English|united kingdom;england;scotland
Stockholm|Swedish|
Gothenburg|Swedish|göteborg
*Sweden|Swedish|
Oslo|Norwegian|
*Norway|Norwegian|
Copenhagen|Danish|københavn
*Denmark|Danish|
Helsinki|Finnish|
*Finland|Finnish|
Warsaw|Polish|warszawa
Krakow|Polish|kraków
*Poland|Polish|polska
Prague|Czech|praha
Budapest|Hungarian|
Bucharest|Romanian|
Athens|Greek|
Istanbul|Turkish|
Kyiv|Ukrainian|kiev
Tel Aviv|Hebrew|
Dubai|Arabic,English|
New York|English|nyc;new york city
San Francisco|English|sf;bay area
Los Angeles|English|la
Seattle|English|
Austin|English|
Boston|English|
Chicago|English|
Denver|English|
Atlanta|English|
Miami|English|
Dallas|English|
Washington|English|washington dc;dc
*USA|English|us;united states;america
Toronto|English|
Vancouver|English|
Montreal|French,English|montréal
*Canada|English,French|
Mexico City|Spanish|cdmx
*Mexico|Spanish|méxico
São Paulo|Portuguese|sao paulo
*Brazil|Portuguese|brasil
Buenos Aires|Spanish|
Bogotá|Spanish|bogota
Sydney|English|
Melbourne|English|
*Australia|English|
Auckland|English|
Singapore|English,Chinese,Malay,Tamil|
Tokyo|Japanese|
Osaka|Japanese|
*Japan|Japanese|
Seoul|Korean|
Beijing|Chinese|
Shanghai|Chinese|
Hong Kong|Cantonese,English|
Bangalore|English,Hindi|bengaluru
Hyderabad|English,Hindi|
Mumbai|English,Hindi|
Delhi|English,Hindi|new delhi
Pune|English,Hindi|
Chennai|English,Tamil|
*India|English,Hindi|
Cape Town|English|
Johannesburg|English|
Lagos|English|
Nairobi|English|
Cairo|Arabic|
`;

/** A place and the languages spoken there. */
export interface Place {
  name: string;
  kind: 'city' | 'country';
  languages: string[];
}

const PLACES: readonly (Place & { forms: string[] })[] = PLACE_DATA.trim()
  .split('\n')
  .map((line) => {
    const [rawName = '', languages = '', aliases = ''] = line.split('|');
    const name = rawName.replace(/^\*/, '');
    const kind = rawName.startsWith('*') ? ('country' as const) : ('city' as const);
    return {
      name,
      kind,
      languages: languages.split(','),
      forms: [name, ...aliases.split(';').filter(Boolean)],
    };
  });

const BY_FORM = new Map(
  PLACES.flatMap((place) => place.forms.map((form) => [form.toLowerCase(), place] as const)),
);
const PLACE_PATTERN = new RegExp(
  `(?<![\\p{L}])(${[...BY_FORM.keys()].sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}])`,
  'giu',
);
// Short forms that are also words ("us", "la", "dc", "sf") count only in upper case.
const UPPER_ONLY = new Set(['us', 'la', 'dc', 'sf', 'uk']);

/** Places named in a text, in order, each once. */
export function findPlaces(text: string): Place[] {
  const found = new Map<string, Place>();
  for (const match of text.matchAll(PLACE_PATTERN)) {
    const form = match[1]!;
    if (UPPER_ONLY.has(form.toLowerCase()) && form !== form.toUpperCase()) continue;
    const place = BY_FORM.get(form.toLowerCase());
    if (place && !found.has(place.name))
      found.set(place.name, { name: place.name, kind: place.kind, languages: place.languages });
  }
  return [...found.values()];
}

/** The place with this name, for the location rules. */
export function placeNamed(name: string): Place | undefined {
  return BY_FORM.get(name.toLowerCase());
}
