/**
 * Usernames and room names are unique without regard to case, for every
 * Unicode letter. Upper- then lower-casing is full case folding for all but a
 * few scripts ("Straße" and "STRASSE" meet, as do "ΣΊΣΥΦΟΣ" and "σίσυφος"),
 * done here rather than with SQL's lower(), which folds only ASCII on SQLite.
 * The folded form is what the unique indexes hold and what lookups compare.
 */
export function caseKey(text: string): string {
  return text.toUpperCase().toLowerCase();
}
