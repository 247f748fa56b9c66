/**
 * The "bilan annuel CLSM", version 2027.1 (issue 11): derived from 2026.1,
 * which stays as it was (bilans stored in 2026.1 are read with it). Every
 * change below says why; `mapping-2026-2027.ts` says how a 2026.1 answer
 * becomes a 2027.1 one.
 *
 * 1. Answers a real CLSM can give: "sans objet" and (AP) "ne sait pas" in
 *    the composition grids, asked only when the instance met; the ARS
 *    2016-2017 "Oui" has its own code; "ne sait pas" on the questions about
 *    events before the coordinator's arrival; "aucun frein"; relays asked
 *    only where people took part; one source for the cellule; the year of
 *    the last diagnostics, of the previous bilan, the month of taking the
 *    post; a "précisez" for every "autre"; Île-de-France-only items asked
 *    only in region 11.
 * 2. What the ARS needs from the cahier des charges: the CLSM in the CLS and
 *    on which axis, the PTSM, the cellule's ethics charter, months of
 *    vacancy of the post, the ARS amount funding it.
 * 3. Consistency rules, as data (`rules`).
 * 4. Less burden: a carry-forward policy per question (`report`); the total
 *    of working-group meetings derived from the per-theme counts; the
 *    objectives of the year read first in the "actions" section.
 * 5. The territory as communes of the official geography; the population
 *    and its class derived.
 */
import { QuestionnaireSchema, type CarryForwardPolicy, type Condition, type QuestionInput, type QuestionnaireInput, type SectionSchema } from '../meta-schema.ts';
import type { z } from 'zod';
import { bilanAnnuelDefinition } from './bilan-annuel.ts';
import { ESPACES, OUI_NON_NSP, RELAIS_2027, STATUT_MEMBRE_AP, STATUT_MEMBRE_COPIL, THEMES } from './lists.ts';

type SectionInput = z.input<typeof SectionSchema>;

const OUI = (variable: string): Condition => ({ var: variable, eq: 'oui' });
const COCHE = (variable: string, option: string): Condition => ({ var: `${variable}__${option}`, eq: 'oui' });
const EN_PLACE = ['oui', 'en_cours'];
/** Île-de-France only (region 11); asked when the region is not known to the validation (so never dropped by mistake). */
export const ILE_DE_FRANCE: Condition = { any: [{ var: 'region', eq: '11' }, { var: 'region', answered: false }] };
const PARTICIPENT: Condition = { any: ESPACES.map((e) => OUI(`participation_usagers__${e.code}`)) };
const COPIL_REUNI: Condition = { all: [OUI('copil_existe'), { var: 'copil_nb_reunions', gte: 1 }] };
const AP_REUNIE: Condition = { all: [OUI('ap_existe'), { var: 'ap_nb_reunions', gte: 1 }] };
const and = (...conditions: (Condition | undefined)[]): Condition => {
  const list = conditions.filter((c): c is Condition => c !== undefined);
  return list.length === 1 ? list[0]! : { all: list };
};

const definition = structuredClone(bilanAnnuelDefinition) as QuestionnaireInput & { sections: SectionInput[] };
definition.version = '2027.1';

// ---------------------------------------------------------------- editing helpers

function locate(variable: string): { section: SectionInput; index: number; question: QuestionInput } {
  for (const section of definition.sections) {
    const index = section.questions.findIndex((q) => q.variable === variable);
    if (index >= 0) return { section, index, question: section.questions[index]! };
  }
  throw new Error(`2027.1 : question inconnue ${variable}`);
}
/** Changes some fields of a question (its kind too, when the patch gives one). */
function change(variable: string, patch: Record<string, unknown>): void {
  const { section, index, question } = locate(variable);
  section.questions[index] = { ...question, ...patch } as QuestionInput;
}
function remove(variable: string): QuestionInput {
  const { section, index, question } = locate(variable);
  section.questions.splice(index, 1);
  return question;
}
function insertAfter(variable: string, ...questions: QuestionInput[]): void {
  const { section, index } = locate(variable);
  section.questions.splice(index + 1, 0, ...questions);
}
function insertBefore(variable: string, ...questions: QuestionInput[]): void {
  const { section, index } = locate(variable);
  section.questions.splice(index, 0, ...questions);
}
/** The "précisez" text of an option "autre". */
function precisez(variable: string, label: string, condition: Condition, shortLabel = label): QuestionInput {
  return { kind: 'texte_court', variable, label, shortLabel, maxLength: 300, condition };
}
const section = (id: string) => definition.sections.find((s) => s.id === id)!;

// ---------------------------------------------------------------- 0. identification

change('annee_emergence_projet', { help: 'Laissez vide si vous ne la connaissez pas (projet antérieur à votre arrivée, par exemple).' });
insertAfter('rempli_par_fonction', precisez('rempli_par_fonction_autre', 'Précisez la fonction', { var: 'rempli_par_fonction', eq: 'autre' }, 'Autre fonction de la personne qui remplit le bilan'));

// ---------------------------------------------------------------- 1. coordination

insertAfter('coord_existe', {
  kind: 'entier',
  variable: 'coord_vacance_mois',
  label: 'Pendant combien de mois de {annee} le poste de coordination a-t-il été vacant ?',
  shortLabel: 'Mois de vacance du poste de coordination',
  help: 'Comptez les mois entiers sans coordonnateur·rice en poste (0 si le poste a été pourvu toute l’année ; 12 s’il ne l’a jamais été).',
  min: 0,
  max: 12,
  unit: 'mois',
  required: true,
});
change('coord_annee_prise_poste', {
  label: 'En quelle année le ou la coordonnateur·rice actuel·le a-t-il ou elle pris son poste ?',
  help: 'Avec le mois, sert à calculer l’ancienneté dans le poste au 31 décembre.',
});
insertAfter('coord_annee_prise_poste', {
  kind: 'entier',
  variable: 'coord_mois_prise_poste',
  label: 'Mois de prise de poste (de 1 pour janvier à 12 pour décembre)',
  shortLabel: 'Mois de prise de poste du ou de la coordonnateur·rice',
  min: 1,
  max: 12,
  required: true,
  condition: OUI('coord_existe'),
});
insertAfter('coord_employeur', precisez('coord_employeur_autre', 'Précisez l’employeur', { all: [OUI('coord_existe'), { var: 'coord_employeur', eq: 'autre' }] }, 'Autre employeur'));
insertAfter(
  'coord_financement',
  precisez('coord_financement_autre', 'Précisez l’autre financeur du poste', { all: [OUI('coord_existe'), COCHE('coord_financement', 'autre')] }, 'Autre financeur du poste'),
  {
    kind: 'entier',
    variable: 'coord_financement_ars_montant',
    label: 'Montant accordé par l’ARS pour le poste de coordination en {annee}',
    shortLabel: 'Montant ARS du poste de coordination',
    help: 'Le montant annuel notifié par l’ARS pour ce poste (pour ce CLSM). Laissez vide si vous ne le connaissez pas.',
    min: 0,
    max: 500_000,
    unit: '€',
    condition: { all: [OUI('coord_existe'), COCHE('coord_financement', 'ars')] },
  },
);

// ---------------------------------------------------------------- 2. territoire (official geography)

remove('terr_communes');
insertBefore('terr_echelle', {
  kind: 'communes',
  variable: 'terr_communes_insee',
  label: 'Communes, arrondissements ou intercommunalité couverts par le CLSM',
  shortLabel: 'Communes couvertes',
  help: 'Choisissez dans la liste officielle (code officiel géographique de l’INSEE). Une intercommunalité entière compte toutes ses communes ; à Paris, Lyon et Marseille, choisissez les arrondissements. La population couverte est calculée à partir des populations légales de l’INSEE : vous n’avez pas à la saisir.',
  maxItems: 500,
  required: true,
});
insertAfter('terr_echelle', precisez('terr_echelle_autre', 'Précisez l’échelle territoriale', { var: 'terr_echelle', eq: 'autre' }, 'Autre échelle territoriale'));
remove('terr_population');
insertAfter('terr_quartiers', {
  kind: 'entier',
  variable: 'terr_population_quartiers',
  label: 'Population des quartiers couverts, si vous la connaissez',
  shortLabel: 'Population des quartiers couverts',
  help: 'Seulement pour un CLSM qui ne couvre qu’une partie d’une commune (hors arrondissements de Paris, Lyon et Marseille, dont la population officielle est connue). Sinon, la population des communes choisies est retenue.',
  min: 0,
  max: 3_000_000,
  unit: 'habitant·es',
  condition: { var: 'terr_echelle', eq: 'infracommunal' },
});
change('terr_idh2', { condition: ILE_DE_FRANCE, help: 'Indice régional francilien compris entre 0 et 1 ; sous 0,52 le territoire est prioritaire pour l’ARS Île-de-France. Laissez vide si vous ne le connaissez pas. Demandé en Île-de-France seulement.' });
change('terr_resad', {
  kind: 'choix_unique',
  options: OUI_NON_NSP,
  condition: ILE_DE_FRANCE,
  help: 'Qu’il soit porté par le CLSM (sa cellule de situations complexes compte) ou par un autre acteur. Demandé en Île-de-France seulement.',
});
change('terr_diagnostic_local_sante', { kind: 'choix_unique', options: OUI_NON_NSP });
insertAfter('terr_diagnostic_local_sante', {
  kind: 'annee',
  variable: 'terr_diagnostic_local_sante_annee',
  label: 'Année du dernier diagnostic local de santé',
  shortLabel: 'Année du dernier diagnostic local de santé',
  min: 1990,
  condition: OUI('terr_diagnostic_local_sante'),
});
insertAfter('terr_diagnostic_dispositif', precisez('terr_diagnostic_dispositif_autre', 'Précisez le dispositif', COCHE('terr_diagnostic_dispositif', 'autre'), 'Autre dispositif du diagnostic local de santé'));

// ---------------------------------------------------------------- 3. genèse (asked once)

section('genese').intro =
  'Ces questions portent sur la création du CLSM : elles sont reprises d’un bilan à l’autre depuis le premier. Si rien n’a changé, cliquez sur « Rien n’a changé dans cette section ». Répondez « Je ne sais pas » pour ce qui précède votre arrivée.';
change('genese_initiateurs', {
  options: [
    ...(locate('genese_initiateurs').question as { options: { code: string; label: string }[] }).options,
    { code: 'ne_sait_pas', label: 'Je ne sais pas' },
  ],
  exclusive: ['ne_sait_pas'],
});
change('genese_delai_mois', { help: 'En mois, arrondi au mois le plus proche. Laissez vide si vous ne le connaissez pas.' });
change('appui_methodologique', {
  options: [
    ...(locate('appui_methodologique').question as { options: { code: string; label: string }[] }).options,
    { code: 'ne_sait_pas', label: 'Je ne sais pas' },
  ],
  exclusive: ['aucun', 'ne_sait_pas'],
});
change('appui_methodologique_detail', { condition: { all: [{ var: 'appui_methodologique__aucun', eq: 'non' }, { var: 'appui_methodologique__ne_sait_pas', eq: 'non' }] } });
change('aap_ars_premiere_annee', { condition: ILE_DE_FRANCE, help: 'Laissez vide si le CLSM n’a jamais répondu à un appel à projets de l’ARS Île-de-France ou si vous ne le savez pas.' });
change('aap_ars_annee', { condition: ILE_DE_FRANCE });

// ---------------------------------------------------------------- 4. gouvernance

change('copil_membre', {
  condition: COPIL_REUNI,
  help: 'Demandée si le comité de pilotage s’est réuni au moins une fois en {annee}. « Membre, présent·e » : a siégé au moins une fois dans l’année. « Sans objet » : l’acteur n’existe pas sur le territoire (pas d’ASV, de GEM, de CLS…) ou c’est la même personne qu’une autre ligne. La délégation départementale de l’ARS et le siège régional sont deux lignes distinctes.',
  columns: [{ variable: 'copil_membre', label: 'Participation au COPIL', cell: { kind: 'choix_unique', options: STATUT_MEMBRE_COPIL } }],
});
change('copil_membres_autres', { condition: COPIL_REUNI });
change('ap_presidence', {
  options: [
    { code: 'elu', label: 'Un·e élu·e' },
    { code: 'co_presidence_elu_psychiatrie', label: 'Co-présidence d’un·e élu·e et de la psychiatrie publique' },
    { code: 'autre', label: 'Autre' },
  ],
});
insertAfter('ap_presidence', precisez('ap_presidence_autre', 'Précisez la fonction de la personne qui préside l’assemblée plénière', { all: [OUI('ap_existe'), { var: 'ap_presidence', eq: 'autre' }] }, 'Autre présidence de l’assemblée plénière'));
insertAfter('ap_elus', precisez('ap_elus_autre', 'Précisez les autres élu·es', { all: [AP_REUNIE, COCHE('ap_elus', 'autre')] }, "Autres élu·es présent·es à l'assemblée plénière"));
change('ap_membre', {
  condition: AP_REUNIE,
  help: 'Demandée si l’assemblée plénière s’est réunie au moins une fois en {annee}. « Membre, présent·e » : a participé au moins une fois dans l’année. « Sans objet » : l’acteur n’existe pas sur le territoire ou c’est la même personne qu’une autre ligne.',
  columns: [{ variable: 'ap_membre', label: "Participation à l'assemblée plénière", cell: { kind: 'choix_unique', options: STATUT_MEMBRE_AP } }],
});
change('ap_membres_autres', { condition: AP_REUNIE });
change('cellule_existe', {
  help: 'Instance de concertation pluriprofessionnelle sur des situations individuelles complexes (santé mentale et vie sociale). C’est la seule question sur son existence : la thématique « situations complexes » des groupes de travail en est déduite.',
});
insertAfter('cellule_nb_situations', {
  kind: 'choix_unique',
  variable: 'cellule_charte_ethique',
  label: 'La cellule s’est-elle dotée d’une charte éthique (confidentialité, accord de la personne, partage d’informations) ?',
  shortLabel: 'Charte éthique de la cellule',
  help: 'Le cahier des charges des CLSM la demande.',
  options: [
    { code: 'adoptee', label: 'Oui, adoptée' },
    { code: 'en_cours', label: 'En cours d’écriture' },
    { code: 'non', label: 'Non' },
  ],
  required: true,
  condition: OUI('cellule_existe'),
});

// ---------------------------------------------------------------- 5. objectifs, groupes de travail et actions

// The objectives of the year open the "actions" section: a coordinator says
// what the CLSM aimed at, then the groups and actions that carried it out.
// Section numbers do not change (messages and links of both versions keep
// their numbers); they move out of section 7.
const objectifs = ['objectifs_annee', 'objectifs_evolution', 'objectifs_evolution_detail'].map(remove);
const gt = section('groupes_travail');
gt.title = 'Objectifs de l’année, groupes de travail et actions';
objectifs[0] = { ...objectifs[0]!, heading: 'Objectifs de l’année' };
remove('gt_nb_reunions');
gt.questions.unshift(...objectifs);
change('gt_themes', {
  heading: 'Groupes de travail',
  help: '« Oui » : un groupe s’est réuni ou une action a été menée en {annee}. « En cours » : le groupe est en train de se constituer. Le nombre total de réunions est la somme des réunions par groupe. La cellule de situations complexes est demandée en section 4.',
  rows: THEMES.filter((t) => t.code !== 'cellule_situations_complexes'),
  columns: [
    { variable: 'gt_theme', label: 'Groupe de travail', cell: { kind: 'choix_unique', options: [{ code: 'non', label: 'Non' }, { code: 'en_cours', label: 'En cours de mise en place' }, { code: 'oui', label: 'Oui, en place' }] } },
    { variable: 'gt_reunions', label: 'Réunions en {annee}', cell: { kind: 'entier', min: 0, max: 200 }, required: true, condition: { var: 'gt_theme__{row}', in: EN_PLACE } },
    { variable: 'gt_participants', label: 'Nombre de participant·es', cell: { kind: 'entier', min: 0, max: 500 }, required: false, condition: { var: 'gt_theme__{row}', in: EN_PLACE } },
    { variable: 'gt_usagers', label: 'Des personnes concernées y participent', cell: { kind: 'oui_non' }, required: false, condition: { var: 'gt_theme__{row}', in: EN_PLACE } },
    { variable: 'gt_action', label: 'Action réalisée en {annee}', cell: { kind: 'texte_court', maxLength: 300 }, required: false, condition: { var: 'gt_theme__{row}', in: EN_PLACE } },
  ],
});
change('financements_actions', {
  fields: [
    { code: 'type_action', label: 'Type d’action', cell: { kind: 'texte_court', maxLength: 200 } },
    { code: 'source', label: 'Source du financement', cell: { kind: 'choix_unique', options: (locate('financements_actions').question as { fields: { code: string; cell: { kind: 'choix_unique'; options: { code: string; label: string }[] } }[] }).fields.find((f) => f.code === 'source')!.cell.options } },
    { code: 'source_precision', label: 'Précisez la source (si « Autre source »)', cell: { kind: 'texte_court', maxLength: 200 }, required: false },
    { code: 'montant', label: 'Montant pour {annee} (€)', cell: { kind: 'entier', min: 0, max: 10_000_000, unit: '€' }, required: false },
  ],
});

// ---------------------------------------------------------------- 6. participation

change('participation_relais', {
  label: 'Par quels relais les personnes concernées qui ont participé au CLSM en {annee} sont-elles arrivées ?',
  help: 'Demandé si des personnes concernées ont participé à au moins un espace du CLSM. Plusieurs réponses possibles.',
  options: RELAIS_2027,
  exclusive: ['aucun_relais'],
  condition: PARTICIPENT,
});
change('participation_relais_autre', { condition: and(PARTICIPENT, COCHE('participation_relais', 'autre')) });
change('freins_participation_professionnels', {
  options: [
    ...(locate('freins_participation_professionnels').question as { options: { code: string; label: string }[] }).options,
    { code: 'aucun_frein', label: 'Aucun frein particulier' },
  ],
  exclusive: ['aucun_frein'],
});
insertAfter('freins_participation_professionnels', precisez('freins_participation_professionnels_autre', 'Précisez l’autre frein', COCHE('freins_participation_professionnels', 'autre'), 'Autre frein à la participation des professionnel·les'));
insertAfter('freins_participation_usagers', precisez('freins_participation_usagers_autre', 'Précisez l’autre frein', COCHE('freins_participation_usagers', 'autre'), 'Autre frein à la participation des personnes concernées'));
insertAfter(
  'usagers_compensation_financeur',
  precisez('usagers_compensation_financeur_autre', 'Précisez l’autre financeur', { all: [PARTICIPENT, { var: 'usagers_compensation__aucune', eq: 'non' }, COCHE('usagers_compensation_financeur', 'autre')] }, 'Autre financeur de la compensation'),
);
insertAfter('rencontres_usagers_lieux', precisez('rencontres_usagers_lieux_autre', 'Précisez l’autre lieu', { all: [{ var: 'rencontres_usagers_nb', gte: 1 }, COCHE('rencontres_usagers_lieux', 'autre')] }, 'Autre lieu de rencontre'));
insertAfter('structures_contactees', precisez('structures_contactees_autre', 'Précisez l’autre structure', COCHE('structures_contactees', 'autre'), 'Autre structure sollicitée'));

// ---------------------------------------------------------------- 7. observation, partenariats et communication

section('partenariats').title = 'Observation, partenariats et communication';
change('priorites_evolution', { kind: 'choix_unique', options: OUI_NON_NSP, heading: 'Priorités' });
change('diag_sante_mentale', { kind: 'choix_unique', options: OUI_NON_NSP });
insertAfter('diag_sante_mentale', {
  kind: 'annee',
  variable: 'diag_sante_mentale_annee',
  label: 'Année du dernier diagnostic en santé mentale',
  shortLabel: 'Année du dernier diagnostic en santé mentale',
  min: 1990,
  condition: OUI('diag_sante_mentale'),
});
insertAfter('diag_sante_mentale_dispositif', precisez('diag_sante_mentale_dispositif_autre', 'Précisez le dispositif', COCHE('diag_sante_mentale_dispositif', 'autre'), 'Autre dispositif du diagnostic en santé mentale'));
insertAfter('communication_outils_liste', precisez('communication_outils_liste_autre', 'Précisez l’autre outil', { all: [OUI('communication_outils'), COCHE('communication_outils_liste', 'autre')] }, 'Autre outil de communication'));
insertBefore(
  'cls_coordonnateur',
  {
    kind: 'choix_unique',
    variable: 'cls_clsm_inscrit',
    label: 'Le CLSM est-il inscrit dans le contrat local de santé (une fiche action ou un axe le nomme) ?',
    shortLabel: 'CLSM inscrit dans le CLS',
    options: OUI_NON_NSP,
    required: true,
    condition: OUI('terr_cls'),
  },
  {
    kind: 'choix_unique',
    variable: 'cls_axe',
    label: 'Dans quel axe du CLS ?',
    shortLabel: 'Axe du CLS où le CLSM est inscrit',
    options: [
      { code: 'axe_sante_mentale', label: 'Un axe consacré à la santé mentale' },
      { code: 'axe_parcours_acces_soins', label: 'Un axe parcours, accès aux soins ou aux droits' },
      { code: 'axe_prevention', label: 'Un axe prévention, promotion de la santé' },
      { code: 'autre', label: 'Un autre axe' },
    ],
    required: true,
    condition: { all: [OUI('terr_cls'), { var: 'cls_clsm_inscrit', eq: 'oui' }] },
  },
  precisez('cls_axe_autre', 'Précisez l’axe du CLS', { all: [OUI('terr_cls'), { var: 'cls_axe', eq: 'autre' }] }, 'Autre axe du CLS'),
);
insertAfter('cls_articulation', {
  kind: 'choix_unique',
  variable: 'ptsm_implication',
  label: 'Quelle est l’implication du CLSM dans le projet territorial de santé mentale (PTSM) en {annee} ?',
  shortLabel: 'Implication du CLSM dans le PTSM',
  help: 'Le PTSM est élaboré à l’échelle du territoire de santé mentale, souvent le département. Retenez le niveau le plus élevé.',
  options: [
    { code: 'porte_actions', label: 'Il porte ou co-porte des actions du PTSM' },
    { code: 'participe', label: 'Il participe à ses instances ou groupes de travail' },
    { code: 'informe', label: 'Il est informé, sans y participer' },
    { code: 'non', label: 'Il n’y est pas associé' },
    { code: 'ne_sait_pas', label: 'Je ne sais pas' },
  ],
  required: true,
});
remove('bilan_annuel_diffuse');
remove('bilan_restitution_population');
insertAfter(
  'ptsm_implication',
  {
    kind: 'oui_non',
    variable: 'bilan_precedent_realise',
    label: 'Le bilan d’activités du CLSM de l’année précédente a-t-il été réalisé ?',
    shortLabel: 'Bilan de l’année précédente réalisé',
    required: true,
    heading: 'Bilan et restitution',
  },
  {
    kind: 'choix_multiple',
    variable: 'bilan_precedent_diffusion',
    label: 'À qui ce bilan a-t-il été diffusé ou présenté en {annee} ?',
    shortLabel: 'Diffusion du bilan de l’année précédente',
    options: [
      { code: 'membres', label: 'Aux membres du CLSM' },
      { code: 'financeurs', label: 'Aux financeurs' },
      { code: 'ars', label: 'À l’ARS' },
      { code: 'population', label: 'À la population (réunion publique, publication)' },
      { code: 'aucun', label: 'Il n’a pas été diffusé' },
    ],
    exclusive: ['aucun'],
    required: true,
    condition: OUI('bilan_precedent_realise'),
  },
);

// ---------------------------------------------------------------- consistency rules

definition.rules = [
  {
    id: 'sieges_copil',
    questions: ['copil_nb_usagers', 'copil_nb_aidants', 'copil_nb_membres'],
    message:
      'avec les « Sièges du COPIL occupés par des proches ou aidant·es », ils dépassent le nombre de « Sièges au comité de pilotage » : la somme des deux ne peut pas dépasser le total des sièges',
    test: { somme: ['copil_nb_usagers', 'copil_nb_aidants'], auPlus: 'copil_nb_membres' },
  },
  {
    id: 'annees_emergence_creation',
    questions: ['annee_emergence_projet', 'annee_creation'],
    message: 'elle ne peut pas être après l’« Année de création officielle du CLSM », ni celle-ci après {annee}, l’année du bilan',
    test: { croissant: ['annee_emergence_projet', 'annee_creation', 'annee'] },
  },
  ...(['psychiatrie_adulte', 'pedopsychiatrie'] as const).flatMap((acteur) => {
    const nom = acteur === 'psychiatrie_adulte' ? 'la psychiatrie adulte' : 'la pédopsychiatrie';
    const ligne = acteur === 'psychiatrie_adulte' ? 'Psychiatrie publique adulte' : 'Pédopsychiatrie';
    return [
      {
        id: `role_absente_${acteur}`,
        questions: [`copil_role_${acteur}`, 'copil_membre'],
        message: `« Elle n’y siège pas » contredit la « Composition du COPIL », qui compte ${nom} comme membre (ligne « ${ligne} ») : corrigez l’une des deux réponses`,
        test: { si: { var: `copil_role_${acteur}`, eq: 'absente' }, alors: { not: { var: `copil_membre__${acteur}`, in: ['membre', 'membre_presence_non_relevee'] } } },
      },
      {
        id: `role_siege_${acteur}`,
        questions: [`copil_role_${acteur}`, 'copil_membre'],
        message: `ce rôle suppose que ${nom} siège, alors que la « Composition du COPIL » la dit non invitée ou sans objet (ligne « ${ligne} ») : corrigez l’une des deux réponses`,
        test: { si: { var: `copil_role_${acteur}`, in: ['co_presidence', 'porteur', 'membre'] }, alors: { not: { var: `copil_membre__${acteur}`, in: ['non_invite', 'sans_objet'] } } },
      },
    ];
  }),
  {
    id: 'cellule_resad',
    questions: ['terr_resad', 'cellule_existe'],
    message: 'vous indiquez en section 4 que le CLSM a une cellule de situations complexes (« Existence d’une cellule de situations complexes ») : elle compte comme RESAD sur le territoire, répondez « Oui »',
    test: { si: OUI('cellule_existe'), alors: { not: { var: 'terr_resad', eq: 'non' } } },
  },
  {
    id: 'cellule_participation',
    questions: ['participation_usagers', 'cellule_existe'],
    message: 'des personnes concernées ne peuvent pas avoir participé à la cellule de situations complexes si le CLSM n’en a pas (« Existence d’une cellule de situations complexes » : non)',
    test: { si: OUI('participation_usagers__cellule'), alors: OUI('cellule_existe') },
  },
];

// ---------------------------------------------------------------- carry-forward policy (every question)

/** Yearly counts, amounts, meeting numbers, the year's events, the consent: never carried. */
const JAMAIS = [
  'consentement_ccoms', 'coord_vacance_mois', 'coord_financement_ars_montant', 'aap_ars_annee',
  'copil_nb_reunions', 'ap_nb_reunions', 'ap_nb_participants', 'ap_elus', 'ap_elus_autre', 'cellule_nb_reunions', 'cellule_nb_situations',
  'objectifs_annee', 'objectifs_evolution', 'objectifs_evolution_detail', 'financements_specifiques', 'financements_actions',
  'participation_usagers', 'usagers_compensation_montant', 'rencontres_usagers_nb', 'rencontres_usagers_lieux', 'rencontres_usagers_lieux_autre',
  'structures_contactees', 'structures_contactees_autre', 'sensibilisation_engagement_nb',
  'bilan_precedent_realise', 'bilan_precedent_diffusion',
  'effets_ville', 'effets_psychiatrie', 'effets_associations', 'effets_habitants', 'effets_partenaires', 'souhaits_types', 'souhaits', 'commentaires',
];
/**
 * Figures and compositions of the year that usually hold from one year to the
 * next: carried, to be confirmed before submission. Stable facts and
 * perceptions (training, roles, obstacles…) are carried as they are.
 */
const A_CONFIRMER = [
  'coord_existe', 'coord_etp', 'coord_financement',
  'copil_nb_membres', 'copil_nb_usagers', 'copil_nb_aidants', 'copil_membre', 'ap_membre', 'gt_themes',
  'niveau_engagement', 'participation_relais', 'usagers_compensation', 'usagers_compensation_financeur', 'accessibilite_reunions',
  'ptsm_implication',
];
const policy = (variable: string): CarryForwardPolicy => (JAMAIS.includes(variable) ? 'jamais' : A_CONFIRMER.includes(variable) ? 'a_confirmer' : 'reprise');
for (const s of definition.sections) {
  s.questions = s.questions.map((q) => ({ ...q, report: policy(q.variable) }));
}
// In the working-group grid, the themes are carried "à confirmer", this year's meetings, participants and actions never.
change('gt_themes', {
  columns: (locate('gt_themes').question as { columns: Record<string, unknown>[] }).columns.map((c) => ({ ...c, report: c.variable === 'gt_theme' || c.variable === 'gt_usagers' ? 'a_confirmer' : 'jamais' })),
});

export const bilanAnnuel2027 = QuestionnaireSchema.parse(definition);

/** The raw definition, for deriving a later version. */
export const bilanAnnuel2027Definition: QuestionnaireInput = definition;
