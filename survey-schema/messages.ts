/** French messages of the questionnaire layer: one catalogue, reused by the server and the web. */
export const messages = {
  ouiNon: 'la réponse doit être « oui » ou « non »',
  choixUnique: (labels: string[]) => `la réponse doit être l'une des options proposées (${labels.join(', ')})`,
  choixMultiple: 'une liste d’options proposées est attendue',
  optionInconnue: (code: string) => `l'option « ${code} » n'existe pas pour cette question`,
  optionExclusive: (label: string) => `« ${label} » ne peut pas être cochée avec d'autres réponses`,
  entier: 'un nombre entier est attendu',
  entierPositif: 'un nombre entier positif est attendu',
  nombre: 'un nombre est attendu (par exemple 0,5)',
  min: (min: number, unit?: string) => `la valeur doit être au moins ${fmt(min)}${unit ? ` ${unit}` : ''}`,
  max: (max: number, unit?: string) => `la valeur doit être au plus ${fmt(max)}${unit ? ` ${unit}` : ''}`,
  annee: 'une année sur quatre chiffres est attendue (par exemple 2016)',
  anneeMin: (min: number) => `l'année doit être ${min} ou après`,
  anneeMax: (max: number) => `l'année ne peut pas être après ${max}`,
  date: 'une date au format JJ/MM/AAAA est attendue',
  dateMin: (min: string) => `la date doit être le ${frDate(min)} ou après`,
  dateMax: (max: string) => `la date doit être le ${frDate(max)} ou avant`,
  texte: 'un texte est attendu',
  texteTropLong: (max: number) => `le texte ne doit pas dépasser ${max} caractères`,
  caractereControle: (code: number) =>
    `le texte contient un caractère de contrôle (U+${code.toString(16).toUpperCase().padStart(4, '0')}) : seuls les tabulations et les retours à la ligne sont acceptés`,
  surrogatSeul: 'le texte contient un caractère incomplet (moitié de paire UTF-16) : retapez-le ou collez-le de nouveau',
  grille: 'un tableau de réponses par ligne est attendu',
  ligneInconnue: (code: string) => `la ligne « ${code} » n'existe pas dans ce tableau`,
  colonneInconnue: (code: string) => `la colonne « ${code} » n'existe pas dans ce tableau`,
  groupe: 'une liste de lignes est attendue',
  communes: 'une liste de codes INSEE de communes (ou SIREN d’intercommunalités) est attendue',
  communesTropNombreuses: (max: number) => `au plus ${max} communes peuvent être choisies`,
  communeInconnue: (code: string) => `le code « ${code} » n’est ni une commune ni une intercommunalité du code officiel géographique`,
  aConfirmer: 'reprise de l’an dernier : confirmez ou corrigez la réponse avant l’envoi',
  groupeTropLong: (max: number) => `au plus ${max} lignes peuvent être saisies`,
  champInconnu: (code: string) => `le champ « ${code} » n'existe pas`,
  variableInconnue: (v: string) => `la question « ${v} » n'existe pas dans ce questionnaire`,
  obligatoire: 'une réponse est attendue',
  nonApplicable: 'cette question ne s’applique pas au vu des réponses précédentes',
  /** "Section 4 — Nombre de réunions du comité de pilotage : un nombre entier positif est attendu" */
  situe: (section: { number: number; title: string } | undefined, label: string, message: string) =>
    section ? `Section ${section.number} — ${label} : ${message}` : `${label} : ${message}`,
} as const;

function fmt(n: number): string {
  return String(n).replace('.', ',');
}

function frDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}
