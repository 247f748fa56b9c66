/**
 * The official administrative geography (INSEE Code officiel géographique,
 * DGCL EPCI, INSEE populations légales), from `@etalab/decoupage-administratif`
 * 6.0.0: régions, départements, communes (and the municipal arrondissements of
 * Paris, Lyon and Marseille) with their population, EPCI with their members.
 *
 * Pure and dependency-free (no zod, no Fastify, no DOM): the server, the web
 * pages and the questionnaire's derived variables import it. The package's
 * JSON files (13 Mo on disk, 8,6 Mo for the communes) are read lazily, once,
 * the first time a function needs them: a process that never asks for a
 * commune never loads them.
 */
import { createRequire } from 'node:module';

/** The package version, hence the geography and the populations carried. */
export const GEOGRAPHY_SOURCE = {
  package: '@etalab/decoupage-administratif',
  version: '6.0.0',
  /** Code officiel géographique au 1er janvier 2026 (communes, EPCI 2026). */
  cog: 2026,
  /**
   * Populations légales en vigueur au 1er janvier 2026, millésime 2023
   * (INSEE publishes legal populations three years after their reference year);
   * municipal population, as the package gives it.
   */
  populationYear: 2023,
} as const;

export interface Region {
  code: string;
  nom: string;
}
export interface Departement {
  code: string;
  nom: string;
  region: string;
}
export interface Commune {
  /** INSEE code (5 characters: `93048`, `2A004`, `75056`, arrondissement `75111`). */
  code: string;
  nom: string;
  departement: string;
  region: string;
  /** `commune` or the municipal arrondissement of Paris, Lyon or Marseille. */
  type: 'commune' | 'arrondissement';
  /** For an arrondissement: the INSEE code of its commune. */
  commune?: string;
  /** Municipal population (legal population of `GEOGRAPHY_SOURCE.populationYear`). */
  population: number;
}
export interface Epci {
  /** SIREN (9 digits). */
  code: string;
  nom: string;
  /** CC, CA, CU, METRO, MET69. */
  type: string;
  /** INSEE codes of the member communes. */
  membres: string[];
  population: number;
}

interface RawCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  region?: string;
  commune?: string;
  population?: number;
}
interface RawEpci {
  code: string;
  nom: string;
  type: string;
  populationMunicipale?: number;
  membres: { code: string }[];
}

interface Places {
  regions: Region[];
  departements: Departement[];
  departementByCode: Map<string, Departement>;
  regionByCode: Map<string, Region>;
}

interface Data {
  communes: Commune[];
  epci: Epci[];
  communeByCode: Map<string, Commune>;
  epciByCode: Map<string, Epci>;
}

/** Folded names, for search: built on the first search only. */
let foldedNames: Map<Commune | Epci, string> | undefined;
function folded(): Map<Commune | Epci, string> {
  if (!foldedNames) {
    const d = load();
    foldedNames = new Map([...d.communes, ...d.epci].map((x) => [x, fold(x.nom)]));
  }
  return foldedNames;
}

const read = <T>(file: string): T => createRequire(import.meta.url)(`@etalab/decoupage-administratif/data/${file}.json`) as T;

let places: Places | undefined;

/** Régions and départements only (a few kilobytes): names on the pages and the registry's check never load the communes. */
function loadPlaces(): Places {
  if (places) return places;
  const regions = read<Region[]>('regions').map(({ code, nom }) => ({ code, nom }));
  const departements = read<Departement[]>('departements').map(({ code, nom, region }) => ({ code, nom, region }));
  places = { regions, departements, departementByCode: new Map(departements.map((d) => [d.code, d])), regionByCode: new Map(regions.map((r) => [r.code, r])) };
  return places;
}

let data: Data | undefined;

function load(): Data {
  if (data) return data;
  // Current communes and the municipal arrondissements; delegated and associated communes are not communes any more.
  const communes: Commune[] = read<RawCommune[]>('communes')
    .filter((c) => (c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal') && c.departement && c.region)
    .map((c) => ({
      code: c.code,
      nom: c.nom,
      departement: c.departement!,
      region: c.region!,
      type: c.type === 'arrondissement-municipal' ? ('arrondissement' as const) : ('commune' as const),
      ...(c.commune ? { commune: c.commune } : {}),
      population: c.population ?? 0,
    }));
  const epci: Epci[] = read<RawEpci[]>('epci').map((e) => ({
    code: e.code,
    nom: e.nom,
    type: e.type,
    membres: e.membres.map((m) => m.code),
    population: e.populationMunicipale ?? 0,
  }));
  data = {
    communes,
    epci,
    communeByCode: new Map(communes.map((c) => [c.code, c])),
    epciByCode: new Map(epci.map((e) => [e.code, e])),
  };
  return data;
}

/** Lower case, without accents, hyphens and apostrophes as spaces: "Saint-Denis" and "st denis" meet. @example fold('L’Île-Saint-Denis'); // 'l ile saint denis' */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[-'’]/g, ' ')
    .replace(/\bst\b/g, 'saint')
    .replace(/\bste\b/g, 'sainte')
    .replace(/\s+/g, ' ')
    .trim();
}

/** @example regions().find((r) => r.code === '11')?.nom; // 'Île-de-France' */
export function regions(): readonly Region[] {
  return loadPlaces().regions;
}

/** @example departements().some((d) => d.code === '2A'); // true */
export function departements(): readonly Departement[] {
  return loadPlaces().departements;
}

/** @example region('11')?.nom; // 'Île-de-France' */
export function region(code: string): Region | undefined {
  return loadPlaces().regionByCode.get(code);
}

/** @example departement('93')?.nom; // 'Seine-Saint-Denis' */
export function departement(code: string): Departement | undefined {
  return loadPlaces().departementByCode.get(code);
}

/** A commune or a municipal arrondissement by INSEE code. @example commune('93048')?.nom; // 'Montreuil' */
export function commune(code: string): Commune | undefined {
  return load().communeByCode.get(code);
}

/** An EPCI by SIREN. @example epci('200054781')?.nom; // 'Métropole du Grand Paris' */
export function epci(code: string): Epci | undefined {
  return load().epciByCode.get(code);
}

/**
 * The communes of some départements, by name (municipal arrondissements
 * after their commune), for a plain `<select>`.
 *
 * @example communesOf(['93']).length; // 39
 */
export function communesOf(departementCodes: readonly string[], options: { arrondissements?: boolean } = {}): Commune[] {
  const wanted = new Set(departementCodes);
  return load()
    .communes.filter((c) => wanted.has(c.departement) && (options.arrondissements !== false || c.type === 'commune'))
    .sort((a, b) => a.nom.localeCompare(b.nom, 'fr') || a.code.localeCompare(b.code));
}

/** The EPCI having at least one member commune in one of these départements. @example epciOf(['93']).some((e) => e.type === 'METRO'); // true */
export function epciOf(departementCodes: readonly string[]): Epci[] {
  const wanted = new Set(departementCodes);
  const d = load();
  return d.epci
    .filter((e) => e.membres.some((m) => wanted.has(d.communeByCode.get(m)?.departement ?? '')))
    .sort((a, b) => a.nom.localeCompare(b.nom, 'fr'));
}

/**
 * Communes (and EPCI) whose name contains every word of the query, accents
 * and case ignored, best first (name starting with the query, then
 * shorter names); optionally within some départements. A 5-character INSEE
 * code or a 9-digit SIREN finds its entity. For a server-side search page.
 *
 * @example searchTerritories('montreuil', { departements: ['93'] })[0]?.code; // '93048'
 */
export function searchTerritories(query: string, options: { departements?: readonly string[]; limit?: number } = {}): Array<Commune | Epci> {
  const d = load();
  const q = fold(query);
  if (q === '') return [];
  const byCode = d.communeByCode.get(query.trim().toUpperCase()) ?? d.epciByCode.get(query.trim());
  if (byCode) return [byCode];
  const words = q.split(' ');
  const wanted = options.departements ? new Set(options.departements) : undefined;
  const inScope = (x: Commune | Epci) =>
    !wanted || ('departement' in x ? wanted.has(x.departement) : x.membres.some((m) => wanted.has(d.communeByCode.get(m)?.departement ?? '')));
  const found: Array<{ x: Commune | Epci; score: number }> = [];
  for (const [x, name] of folded()) {
    if (!words.every((w) => name.includes(w)) || !inScope(x)) continue;
    found.push({ x, score: (name.startsWith(q) ? 0 : 1000) + name.length });
  }
  found.sort((a, b) => a.score - b.score || a.x.nom.localeCompare(b.x.nom, 'fr'));
  return found.slice(0, options.limit ?? 20).map((f) => f.x);
}

/** Whether a code is an EPCI SIREN (9 digits) rather than an INSEE commune code. @example isEpciCode('200054781'); // true */
export const isEpciCode = (code: string): boolean => /^\d{9}$/.test(code);

/**
 * The communes a territory answer covers: INSEE codes as given, EPCI
 * expanded to their members, a commune dropped when one of its
 * arrondissements is listed (or the other way round: the whole commune
 * wins). Unknown codes are returned apart.
 *
 * @example territoryCommunes(['75111', '75112']).communes.map((c) => c.code); // ['75111', '75112']
 */
export function territoryCommunes(codes: readonly string[]): { communes: Commune[]; unknown: string[] } {
  const d = load();
  const picked = new Map<string, Commune>();
  const unknown: string[] = [];
  for (const code of codes) {
    const e = isEpciCode(code) ? d.epciByCode.get(code) : undefined;
    const members = e ? e.membres.map((m) => d.communeByCode.get(m)).filter((c): c is Commune => c !== undefined) : [d.communeByCode.get(code)].filter((c): c is Commune => c !== undefined);
    if (members.length === 0) unknown.push(code);
    for (const c of members) picked.set(c.code, c);
  }
  // A whole commune and some of its arrondissements: the commune counts, once.
  for (const c of [...picked.values()]) if (c.type === 'arrondissement' && c.commune && picked.has(c.commune)) picked.delete(c.code);
  return { communes: [...picked.values()], unknown };
}

/**
 * The population covered by a territory answer (official municipal
 * populations); null when no code is known.
 *
 * @example territoryPopulation(['93048']); // Montreuil's legal population
 */
export function territoryPopulation(codes: readonly string[]): number | null {
  const { communes } = territoryCommunes(codes);
  return communes.length ? communes.reduce((s, c) => s + c.population, 0) : null;
}

/** "Seine-Saint-Denis (93)"; the bare code when unknown. @example departementLabel('93'); // 'Seine-Saint-Denis (93)' */
export function departementLabel(code: string | null | undefined): string {
  if (!code) return '';
  const d = departement(code);
  return d ? `${d.nom} (${d.code})` : code;
}

/** "Île-de-France (11)"; the bare code when unknown. @example regionLabel('11'); // 'Île-de-France (11)' */
export function regionLabel(code: string | null | undefined): string {
  if (!code) return '';
  const r = region(code);
  return r ? `${r.nom} (${r.code})` : code;
}

/** "Montreuil (93048)", "CA Est Ensemble (200057875)". @example territoryLabel('93048'); // 'Montreuil (93048)' */
export function territoryLabel(code: string): string {
  const x = isEpciCode(code) ? epci(code) : commune(code);
  return x ? `${x.nom} (${x.code})` : code;
}

/**
 * A registry's region and département, checked against the geography:
 * French messages, empty when consistent.
 *
 * @example checkRegionDepartement('11', '93'); // []
 * @example checkRegionDepartement('11', '59'); // ['le département Nord (59) n’est pas dans la région Île-de-France (11)']
 */
export function checkRegionDepartement(regionCode: string, departementCode: string): string[] {
  const r = region(regionCode);
  const d = departement(departementCode);
  const issues: string[] = [];
  if (!r) issues.push(`la région « ${regionCode} » n’existe pas dans le code officiel géographique`);
  if (!d) issues.push(`le département « ${departementCode} » n’existe pas dans le code officiel géographique`);
  if (r && d && d.region !== r.code) issues.push(`le département ${departementLabel(d.code)} n’est pas dans la région ${regionLabel(r.code)}`);
  return issues;
}
