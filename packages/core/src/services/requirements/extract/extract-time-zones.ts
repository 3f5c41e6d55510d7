const ZONE =
  /\b(?:(?:UTC|GMT)\s?[+-−]\s?\d{1,2}(?::\d{2})?|CET|CEST|EET|WET|BST|IST|JST|AEST|AEDT|SGT|[ECMP][SD]T|(?:US|EU|European|Americas|APAC|EMEA|Eastern|Central|Pacific|Mountain) time[- ]?zones?|(?:Eastern|Central|Pacific|Mountain) time)\b/g;

/** Time-zone constraints as written ("CET", "UTC+2", "US time zones", "Pacific time"). */
export function extractTimeZones(text: string): string[] {
  return [...new Set([...text.matchAll(ZONE)].map((m) => m[0].replace(/\s+/g, ' ')))];
}
