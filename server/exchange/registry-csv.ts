/**
 * The registry as CSV, both ways: `clsm_id;nom;region;departement;annee_creation;statut`
 * (+ optional `autres_departements`, `communes`); an empty `clsm_id` is a new
 * CLSM whose identifier the platform assigns. Reading checks every line
 * and reports French errors per line; nothing is written here.
 */
import { spreadsheetCsv } from '../../analytics/index.ts';
import { textProblem } from '../../survey-schema/index.ts';
import { codeRule, DEPARTEMENT_CODE, REGION_CODE } from '../domain/codes.ts';
import { CLSM_STATUTS, type ClsmStatut } from '../domain/statuts.ts';
import type { Issue } from '../errors.ts';
import type { Clsm } from '../repositories/clsm.repository.ts';
import { pauser, readCsv, type TextEncoding } from './csv.ts';

export const REGISTRY_COLUMNS = ['clsm_id', 'nom', 'region', 'departement', 'annee_creation', 'statut'] as const;
const OPTIONAL = ['autres_departements', 'communes'] as const;

/** CLSM per registry import: about 260 exist; a file far beyond is a mistake (or an attack), refused before it is read through. */
export const MAX_REGISTRY_LINES = 2000;

/** `lines[i]`: the line of the file `entries[i]` comes from (1 = header). */
export type RegistryParse = { ok: true; entries: Clsm[]; lines: number[]; encoding: TextEncoding } | { ok: false; errors: Issue[] };

export async function parseRegistryCsv(input: string | Buffer): Promise<RegistryParse> {
  const csv = await readCsv(input, {
    maxRecords: MAX_REGISTRY_LINES,
    tooMany: (max) => `Le fichier compte plus de ${max.toLocaleString('fr-FR')} CLSM : un import du registre en accepte au plus ${max.toLocaleString('fr-FR')} (il existe environ 260 CLSM). Vérifiez le fichier, ou découpez-le en plusieurs imports.`,
  });
  if (!csv.ok) return { ok: false, errors: csv.issues };
  const { header, records } = csv.table;
  const errors: Issue[] = [];
  const missing = REGISTRY_COLUMNS.filter((c) => c !== 'annee_creation' && !header.includes(c));
  if (missing.length) errors.push({ ligne: 1, message: `Colonnes obligatoires absentes : ${missing.join(', ')}` });
  const unknown = header.filter((h) => !(REGISTRY_COLUMNS as readonly string[]).includes(h) && !(OPTIONAL as readonly string[]).includes(h));
  if (unknown.length) errors.push({ ligne: 1, message: `Colonnes inconnues : ${unknown.join(', ')}` });
  if (errors.length) return { ok: false, errors };

  const entries: Clsm[] = [];
  const lines: number[] = [];
  const seen = new Map<string, number>();
  const pause = pauser();
  for (const { line, cells } of records) {
    await pause();
    const e = (message: string) => errors.push({ ligne: line, message });
    const id = cells.clsm_id ?? '';
    // An empty clsm_id adds a CLSM whose identifier the platform assigns.
    if (id && !/^[A-Za-z0-9_.-]{1,64}$/.test(id)) e(`clsm_id invalide : « ${id} » (lettres, chiffres, « - », « _ » ou « . » ; vide pour un nouveau CLSM)`);
    if (id && seen.has(id)) e(`CLSM ${id} déjà présent à la ligne ${seen.get(id)}`);
    if (id) seen.set(id, line);
    for (const c of ['nom', 'region', 'departement'] as const) if (!cells[c]) e(`${c} vide`);
    if (cells.region && !REGION_CODE.test(cells.region)) e(`region invalide : « ${cells.region} » (${codeRule.region})`);
    if (cells.departement && !DEPARTEMENT_CODE.test(cells.departement)) e(`departement invalide : « ${cells.departement} » (${codeRule.departement})`);
    for (const c of ['nom', 'autres_departements', 'communes'] as const) {
      const problem = cells[c] ? textProblem(cells[c]) : null;
      if (problem) e(`${c} : ${problem}`);
    }
    const year = cells.annee_creation ? Number(cells.annee_creation) : null;
    if (year !== null && (!Number.isInteger(year) || year < 1950 || year > 2100)) e(`annee_creation invalide : « ${cells.annee_creation} »`);
    const statut = (cells.statut || 'actif') as ClsmStatut;
    if (!CLSM_STATUTS.includes(statut)) e(`statut invalide : « ${cells.statut} » (${CLSM_STATUTS.join(', ')})`);
    lines.push(line);
    entries.push({
      id,
      nom: cells.nom ?? '',
      region: cells.region ?? '',
      departement: cells.departement ?? '',
      autres_departements: cells.autres_departements || null,
      communes: cells.communes || null,
      annee_creation: year,
      statut,
    });
  }
  return errors.length ? { ok: false, errors } : { ok: true, entries, lines, encoding: csv.table.encoding };
}

/** The registry as a French-Excel CSV (analytics/spreadsheet.ts). */
export function registryCsv(clsms: readonly Clsm[]): string {
  const columns = [...REGISTRY_COLUMNS, ...OPTIONAL];
  const rows = clsms.map((c) => [c.id, c.nom, c.region, c.departement, c.annee_creation ?? '', c.statut, c.autres_departements ?? '', c.communes ?? '']);
  return spreadsheetCsv([columns, ...rows]);
}
