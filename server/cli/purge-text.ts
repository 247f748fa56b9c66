/** What `purge` prints (apart from the command, so that tests read it without loading the whole command line). */
import { PURGE_KIND_LABEL, PURGE_KINDS, type PurgeReport } from '../services/personal-data.service.ts';

const day = (iso: string) => iso.slice(0, 10);

/** What a purge removes (or would remove), counted per kind, in French. */
export function purgeText(report: PurgeReport): string {
  const lines = [
    report.dryRun ? `Simulation (--dry-run) au ${day(report.at)} : rien n’a été modifié. Une purge faite à cette date supprimerait :` : `Purge du ${day(report.at)} :`,
    `  (comptes désactivés avant le ${day(report.cutoffs.comptes_desactives)}, invitations envoyées avant le ${day(report.cutoffs.invitations)}, détail du journal avant le ${day(report.cutoffs.journal)}, courriels avant le ${day(report.cutoffs.courriels)})`,
  ];
  const counts = report.applied ?? report.counts;
  for (const kind of PURGE_KINDS) lines.push(`  ${String(counts[kind]).padStart(6)} ${PURGE_KIND_LABEL[kind]}`);
  if (report.accounts.length) lines.push(`  Comptes : ${report.accounts.map((a) => `n° ${a.id} (${a.role}, ${a.reason === 'desactive' ? 'désactivé le' : 'invité le'} ${day(a.since)})`).join(', ')}`);
  const byAction = Object.entries(report.journalByAction);
  if (byAction.length) lines.push(`  Détail du journal retiré, par action : ${byAction.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (PURGE_KINDS.every((k) => counts[k] === 0)) lines.push('  Rien à supprimer.');
  return lines.join('\n') + '\n';
}

