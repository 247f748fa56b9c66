/**
 * A full disk, for tests: SQLite may not grow the database past its current
 * size (`PRAGMA max_page_count`), which gives the very error a full disk
 * gives (SQLITE_FULL) to any write needing a new page. The real thing (a
 * tmpfs filled up) runs in `npm run test:faults`.
 */
import type SQLite from 'better-sqlite3';

/** From now on, a write needing a new page fails with SQLITE_FULL. */
export function fillDisk(sqlite: SQLite.Database): void {
  sqlite.exec('VACUUM'); // no free page left to reuse
  sqlite.pragma(`max_page_count = ${sqlite.pragma('page_count', { simple: true })}`);
}

export function freeDisk(sqlite: SQLite.Database): void {
  sqlite.pragma('max_page_count = 1073741823');
}

/** Answers of the « Territoire » section big enough to need a new page (about 3 KB): the quarters of an infra-communal CLSM, the psychiatric establishments. */
export const bigTerritoire = (tag: string) => ({
  terr_echelle: 'infracommunal',
  terr_quartiers: `${tag} `.repeat(400).slice(0, 2000),
  terr_etablissements_psy: `${tag}-`.repeat(200).slice(0, 1000),
});
