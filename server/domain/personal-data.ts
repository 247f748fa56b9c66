/**
 * The personal data Bilan CLSM holds, written once: the « Données
 * personnelles » page renders it, and docs/personal-data.md holds its
 * Markdown (`npm run cli -- donnees-personnelles` prints it; a test keeps the
 * file equal to the output). The coordinator's profile is listed from the
 * questionnaire's own marking (survey-schema/personal-data.ts), the
 * retention periods from the configuration that `purge` applies.
 */
import { COORDINATOR_PROFILE, getQuestionnaire, indexOf, labelFor, personalColumnsOf, questionnaires } from '../../survey-schema/index.ts';
import type { RetentionConfig } from '../config.ts';

export interface PersonalDataCategory {
  id: string;
  /** What it is, as a heading. */
  title: string;
  /** The data items. */
  items: string[];
  /** Whose data it is. */
  subjects: string;
  purpose: string;
  /** Legal basis (RGPD, article 6). */
  basis: string;
  /** Who can read it. */
  recipients: string;
  retention: string;
  /** Where it is stored (tables, files). */
  storage: string;
}

/** Periods that are not configured (they follow from how sign-in works). */
export interface FixedPeriods {
  sessionHours: number;
  invitationDays: number;
  resetHours: number;
  tokenKeepDays: number;
  loginFailureHours: number;
}

const MISSION = 'Mission d’intérêt public (article 6.1.e du RGPD) : le suivi des conseils locaux de santé mentale par les ARS et l’état des lieux national du CCOMS.';
const months = (n: number) => `${n} mois`;
const days = (n: number) => `${n} jours`;

/** The coordinator's profile questions, by their short labels, in the order of the current questionnaire (and those only older versions ask). */
function profileItems(): string[] {
  const labels: string[] = [];
  const seen = new Set<string>();
  for (const q of [getQuestionnaire(), ...[...questionnaires.values()].reverse()]) {
    for (const e of indexOf(q).ordered) {
      if (!COORDINATOR_PROFILE.has(e.question.variable) || seen.has(e.question.variable)) continue;
      seen.add(e.question.variable);
      labels.push(labelFor(e.question.shortLabel ?? e.question.label));
    }
  }
  return labels;
}

function freeTextQuestions(): number {
  const q = getQuestionnaire();
  const marked = personalColumnsOf(q);
  return new Set(indexOf(q).columns.filter((c) => marked.get(c.variable) === 'texte_libre').map((c) => c.question)).size;
}

/** Every category of personal data, with the periods in force. */
export function personalDataInventory(retention: RetentionConfig, fixed: FixedPeriods): PersonalDataCategory[] {
  return [
    {
      id: 'comptes',
      title: 'Comptes',
      items: ['adresse électronique (qui sert aussi de nom affiché)', 'rôle (coordonnateur·rice, ARS, CCOMS, administration)', 'périmètre : CLSM, région, département', 'dates de création, d’invitation, de dernière connexion et de désactivation', 'empreinte du mot de passe (argon2id : le mot de passe lui-même n’est jamais enregistré)'],
      subjects: 'Les personnes qui utilisent la plateforme : coordonnateur·rices de CLSM, analystes des ARS, équipe du CCOMS, administration.',
      purpose: 'Se connecter, n’accéder qu’à son périmètre, recevoir les courriels de la campagne (invitation, relances, notifications).',
      basis: MISSION,
      recipients: 'La personne elle-même (Mon compte) ; l’administration de la plateforme ; l’ARS pour les comptes de son périmètre.',
      retention: `Tant que le compte sert. Un compte désactivé est anonymisé ${months(retention.disabledAccountMonths)} après sa désactivation ; une invitation jamais acceptée, ${days(retention.pendingInvitationDays)} après son envoi. L’anonymisation remplace l’adresse par « Compte anonymisé n° … » : les bilans et le journal restent lisibles, le numéro n’est jamais réattribué.`,
      storage: 'Tables users, user_clsm.',
    },
    {
      id: 'profil',
      title: 'Profil du ou de la coordonnateur·rice dans le bilan',
      items: profileItems(),
      subjects: 'Le ou la coordonnateur·rice de chaque CLSM : un CLSM n’en a qu’un·e, ces réponses décrivent donc une personne identifiable, même sans son nom (qui n’est jamais demandé).',
      purpose: 'Connaître les moyens de coordination des CLSM (formation, ancienneté, employeur) pour les indicateurs régionaux et nationaux.',
      basis: `${MISSION} Conservation à des fins statistiques (article 89 du RGPD).`,
      recipients: 'Les coordonnateur·rices du CLSM ; l’ARS de sa région ; le CCOMS si le CLSM a accepté le partage, en indicateurs agrégés : les exports de microdonnées ne contiennent pas ces variables, sauf à la demande explicite de l’administration, qui est journalisée ; l’administration.',
      retention: `Avec le bilan, dont la série annuelle est conservée pour les comparaisons d’une année à l’autre. Les valeurs successives saisies, gardées dans le journal, en sont retirées après ${months(retention.auditMonths)}.`,
      storage: 'Tables bilan_sections, bilan_flat_rows ; variables marquées « profil_coordonnateur » dans le dictionnaire des variables (colonne donnees_personnelles).',
    },
    {
      id: 'textes_libres',
      title: 'Textes libres des bilans et commentaires de relecture',
      items: [`${freeTextQuestions()} questions à texte libre (effets observés, souhaits, précisions « autre »…)`, 'commentaires de l’ARS sur une question ou sur le bilan, avec leur auteur·rice'],
      subjects: 'Toute personne qu’un·e coordonnateur·rice ou une ARS nommerait : le formulaire ne demande aucun nom (seulement des fonctions).',
      purpose: 'Décrire l’activité du CLSM et échanger sur le bilan pendant sa relecture.',
      basis: MISSION,
      recipients: 'Les coordonnateur·rices du CLSM ; l’ARS de sa région ; l’administration. Le CCOMS lit les bilans partagés, mais les exports de microdonnées ne contiennent pas les textes libres (variables marquées « texte_libre »), sauf à la demande explicite de l’administration, qui est journalisée.',
      retention: `Avec le bilan. Les valeurs successives, gardées dans le journal, en sont retirées après ${months(retention.auditMonths)}.`,
      storage: 'Tables bilan_sections, bilan_flat_rows, comments.',
    },
    {
      id: 'journal',
      title: 'Journal des modifications',
      items: ['qui (compte), quand, quelle action : réponse modifiée (ancienne et nouvelle valeur), envoi, renvoi, validation, invitation, changement de rôle, relance, export avec données personnelles, anonymisation'],
      subjects: 'Les personnes qui agissent sur la plateforme ; les comptes concernés par une action.',
      purpose: 'Rendre compte de chaque bilan (qui l’a rempli, envoyé, validé) et de la gestion des comptes.',
      basis: MISSION,
      recipients: 'L’historique d’un bilan : ses coordonnateur·rices, l’ARS de sa région, l’administration. Le reste : l’administration.',
      retention: `Qui, quand et quelle action : aussi longtemps que le bilan ou le compte concerné. Le détail (valeurs saisies, adresses, destinataires) : ${months(retention.auditMonths)}, puis retiré, sauf pour les changements de statut des bilans (envoi, renvoi, validation), le registre, les campagnes et les exports de données personnelles, qui ne contiennent pas de données personnelles et servent à rendre compte.`,
      storage: 'Table audit_log.',
    },
    {
      id: 'sessions',
      title: 'Sessions',
      items: ['heures d’ouverture et d’expiration de chaque session, adresse IP et navigateur (user agent)', 'le cookie de session (voir Gestion des cookies)'],
      subjects: 'Les personnes qui se connectent.',
      purpose: 'Sécurité : une session se ferme à la déconnexion, au changement de mot de passe ou de droits, et « Me déconnecter de tous mes appareils » les ferme toutes.',
      basis: MISSION,
      recipients: 'Personne ne les consulte dans l’application ; la personne les trouve dans le téléchargement de ses données.',
      retention: `${fixed.sessionHours} heures au plus, puis supprimée.`,
      storage: 'Table sessions.',
    },
    {
      id: 'liens',
      title: 'Invitations et liens de réinitialisation du mot de passe',
      items: ['l’empreinte (SHA-256) du lien, le compte, qui l’a créé, ses dates de création, d’expiration et d’utilisation : le lien lui-même n’est que dans le courriel'],
      subjects: 'Les personnes invitées ; celles qui ont demandé un nouveau mot de passe.',
      purpose: 'Choisir son mot de passe avec un lien à usage unique.',
      basis: MISSION,
      recipients: 'L’administration et l’ARS voient qu’une invitation est en attente et jusqu’à quand.',
      retention: `Valable ${days(fixed.invitationDays)} (invitation) ou ${fixed.resetHours} heure (réinitialisation) ; supprimé ${days(fixed.tokenKeepDays)} après son expiration, ou à l’anonymisation du compte.`,
      storage: 'Table account_tokens.',
    },
    {
      id: 'echecs_connexion',
      title: 'Échecs de connexion',
      items: ['adresse électronique saisie ou adresse IP, nombre d’échecs, verrou temporaire'],
      subjects: 'Les personnes qui tentent de se connecter.',
      purpose: 'Protéger les comptes contre les essais de mots de passe.',
      basis: MISSION,
      recipients: 'Personne ; la personne les trouve dans le téléchargement de ses données.',
      retention: `${fixed.loginFailureHours} heures.`,
      storage: 'Table login_failures.',
    },
    {
      id: 'courriels',
      title: 'Courriels envoyés',
      items: ['adresse du ou de la destinataire, objet, texte (qui peut contenir un lien de connexion), état de l’envoi, dates', 'notifications d’envoi en attente pour les ARS ; relances : CLSM, date, compte qui les a envoyées'],
      subjects: 'Les destinataires : personnes invitées, coordonnateur·rices, ARS.',
      purpose: 'Inviter, relancer, prévenir d’un envoi, d’un renvoi ou d’une validation.',
      basis: MISSION,
      recipients: 'L’administration (page Courriels) ; le serveur de courriel configuré (SMTP_URL).',
      retention: `Le texte est effacé dès l’envoi par le serveur de courriel ; sans serveur (démonstration), il est gardé, comme le fichier .eml de la boîte d’envoi. Le courriel (ligne de la file et fichier) est supprimé ${days(retention.mailDays)} après son envoi ou son dernier échec, ou à l’anonymisation de son ou sa destinataire.`,
      storage: 'Tables mail_queue, notifications, relances ; dossier de la boîte d’envoi (OUTBOX_DIR) sans serveur de courriel.',
    },
  ];
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The inventory in Markdown (docs/personal-data.md holds it, with the default periods). */
export function personalDataMarkdown(categories: readonly PersonalDataCategory[]): string {
  const lines: string[] = [];
  for (const c of categories) {
    lines.push(`### ${c.title}`, '', '| | |', '|---|---|');
    lines.push(`| Données | ${cell(c.items.join(' ; '))} |`);
    lines.push(`| Personnes concernées | ${cell(c.subjects)} |`);
    lines.push(`| Finalité | ${cell(c.purpose)} |`);
    lines.push(`| Base légale | ${cell(c.basis)} |`);
    lines.push(`| Qui les voit | ${cell(c.recipients)} |`);
    lines.push(`| Conservation | ${cell(c.retention)} |`);
    lines.push(`| Où | ${cell(c.storage)} |`, '');
  }
  return lines.join('\n');
}
