/**
 * The indicator catalogue: DATA, one entry per indicator (families over the
 * actor, theme and space lists are spelled out by mapping the lists, not by
 * code per figure). Each entry says what it reads, over which population,
 * how a missing answer counts, and which published figures it reproduces.
 */
import {
  derivedVariablesOf,
  indexOf,
  type Condition,
  type Option,
  type Questionnaire,
} from '../survey-schema/index.ts';
import { ACTEURS, ESPACES, THEMES } from '../survey-schema/questionnaire/lists.ts';
import type { Indicator, NumericClass } from './types.ts';

const OUI = (variable: string): Condition => ({ var: variable, eq: 'oui' });
/** Counted as a member in a share: present, or member whose attendance was not recorded (the ARS 2016-2017 "Oui"). */
const MEMBRE = (variable: string): Condition => ({ var: variable, in: ['membre', 'membre_presence_non_relevee'] });
/** "Ne sait pas" (events before the coordinator's arrival) leaves the base, like a missing answer. */
const SAIT = (variable: string): Condition => ({ not: { var: variable, eq: 'ne_sait_pas' } });
/** "Sans objet" (the actor does not exist on the territory) is not a gap: it leaves the base. */
const PAS_SANS_OBJET = (variable: string): Condition => ({ not: { var: variable, eq: 'sans_objet' } });

const NOTE_MEMBRES =
  'Répartition sur les CLSM dont l’instance existe, réponses manquantes exclues. « Membre, présence non relevée » (la réponse « Oui » du formulaire ARS 2016-2017, qui ne distinguait pas la présence) est une catégorie à part ; « sans objet » (acteur absent du territoire, ou même personne qu’une autre ligne) et « ne sait pas » sortent de la base : ce ne sont pas des absences. Les bilans 2026.1 n’avaient pas ces codes.';
const EN_PLACE = ['oui', 'en_cours'];

/** Distributions whose categories are levels or classes: shown in their order, never sorted by share. */
const ORDERED = new Set(['periode_creation', 'coord_niveau_diplome', 'classe_etp', 'quotite_coordination', 'coord_temps_partiel_50', 'classe_anciennete', 'tranche_population', 'participation_profil', 'charte_valeurs']);

const TOUS = 'Ensemble des bilans';
const AVEC_COORD = 'CLSM ayant un·e coordonnateur·rice';
const AVEC_COPIL = 'CLSM ayant un comité de pilotage';
const AVEC_AP = 'CLSM ayant une assemblée plénière';

/** CCOMS 2018 figure suffix of each actor (copil_membre_<suffix>, ap_participation_<suffix>). */
const CCOMS_ACTEUR: Record<string, string> = {
  psychiatrie_adulte: 'psy_adulte', elus: 'elu_local', unafam: 'unafam', psychiatrie_equipes: 'psy_publique',
  services_municipaux: 'services_municipaux', pedopsychiatrie: 'pedopsy', conseil_departemental: 'conseil_departemental',
  associations_usagers: 'assoc_usagers', structures_sociales: 'structures_sociales', asv: 'asv',
  structures_medico_sociales: 'structures_medico_sociales', prefecture: 'prefecture', bailleurs_sociaux: 'bailleurs_sociaux',
  maison_adolescents: 'maison_ados', police: 'police', mdph: 'mdph', medecins_generalistes: 'medecins_generalistes',
  education_nationale: 'education_nationale', justice: 'justice', etablissements_mco: 'etablissements_mco', msp: 'msp',
  programme_reussite_educative: 'programme_reussite_educative', associations_quartiers: 'assoc_quartiers', mission_locale: 'mission_locale',
};
/** ARS Île-de-France 2016-2017 membership figures (thesis) by actor. */
const ARS_MEMBRES = new Set(['unafam', 'associations_usagers', 'ars_siege', 'ars_delegation']);

/** CCOMS 2018 figure ids of each theme (chart, then prose restatements). */
const CCOMS_THEME: Record<string, string[]> = {
  cellule_situations_complexes: ['theme_instance_situations_complexes', 's5_instance_situations_individuelles'],
  logement_habitat: ['theme_logement_habitat', 's5_logement_groupe_travail', 's5_logement'],
  sism: ['theme_sism', 's5_sism', 's5_representations_sism_sensibilisation'],
  sensibilisation_information: ['theme_sensibilisation_information', 's5_information_promotion'],
  acces_soins: ['theme_acces_aux_soins', 's5_acces_aux_soins'],
  sm_adolescents: ['theme_sm_adolescents', 's5_adolescents'],
  parentalite: ['theme_parentalite', 's5_parentalite'],
  observation_diagnostic: ['theme_observation_diagnostic', 's5_observation_diagnostic'],
  sm_enfants: ['theme_sm_enfants', 's5_enfants'],
  soins_sans_consentement: ['theme_soins_sous_contrainte', 's5_soins_sans_consentement'],
  formation_croisee: ['theme_formation_croisee', 's5_formations_croisees'],
  sm_precarite: ['theme_sm_precarite', 's5_precarite'],
  prevention_precoce: ['theme_prevention_precoce'],
  participation_usagers: ['theme_integration_usagers', 's5_participation_usagers'],
  prevention_suicide: ['theme_prevention_suicide', 's5_suicide'],
  addictions: ['theme_addictions', 's5_addictions'],
  inegalites_socio_territoriales: ['theme_inegalites_socio_territoriales', 's5_inegalites_socio_territoriales'],
  loisirs_culture: ['theme_loisirs_culture', 's5_loisirs_culture'],
  sm_personnes_agees: ['theme_sm_personnes_agees', 's5_personnes_agees'],
  citoyennete: ['theme_citoyennete_usagers', 's5_citoyennete'],
  droits_usagers: ['theme_droit_usagers', 's5_droit_des_usagers'],
  sm_travail: ['theme_sm_travail', 's5_travail'],
  insertion_professionnelle: ['theme_insertion_professionnelle', 's5_insertion_professionnelle'],
};

const CEAPSY_ESPACE: Record<string, string> = {
  copil: 'ceapsy_participation_usagers_copil',
  ap: 'ceapsy_participation_usagers_assemblee_pleniere',
  gt: 'ceapsy_participation_usagers_groupes_travail',
  cellule: 'ceapsy_participation_usagers_cellule_cas_complexes',
};

/** Classes of a count, from 0 to `last` and more. */
function countClasses(labels: string[], lastOpen: string): NumericClass[] {
  const words = ['zero', 'un', 'deux', 'trois', 'quatre', 'cinq'];
  return [
    ...labels.map((label, i) => ({ code: words[i]!, label, min: i, max: i })),
    { code: `${words[labels.length]}_et_plus`, label: lastOpen, min: labels.length },
  ];
}

const membership = (instance: 'copil' | 'ap'): Indicator[] => {
  const pop = OUI(`${instance}_existe`);
  const instanceLabel = instance === 'copil' ? 'au comité de pilotage' : "à l'assemblée plénière";
  const rows: Indicator[] = ACTEURS.map((acteur) => ({
    id: `${instance}_membre__${acteur.code}`,
    label: `${acteur.label} : participation ${instanceLabel}`,
    section: 'gouvernance',
    kind: 'distribution',
    variables: [`${instance}_membre__${acteur.code}`],
    population: { all: [pop, PAS_SANS_OBJET(`${instance}_membre__${acteur.code}`), SAIT(`${instance}_membre__${acteur.code}`)] },
    populationLabel: instance === 'copil' ? AVEC_COPIL : AVEC_AP,
    missing: 'exclude',
    note: NOTE_MEMBRES,
    figures: [
      ...(CCOMS_ACTEUR[acteur.code] ? [instance === 'copil' ? `copil_membre_${CCOMS_ACTEUR[acteur.code]}` : `ap_participation_${CCOMS_ACTEUR[acteur.code]}`] : []),
      ...(instance === 'ap' && acteur.code === 'education_nationale' ? ['s5_education_nationale_ap'] : []),
      ...(ARS_MEMBRES.has(acteur.code) ? [instance === 'copil' ? 'ars_copil_membres' : 'ars_ap_membres'] : []),
    ],
    ...(instance === 'copil' && (acteur.code === 'associations_usagers' || acteur.code === 'gem') ? { mission: true } : {}),
  }));
  rows.push({
    id: `${instance}_membre_ars`,
    label: `Agence régionale de santé (délégation ou siège) : membre ${instanceLabel}`,
    section: 'gouvernance',
    kind: 'share',
    variables: [`${instance}_membre__ars_delegation`, `${instance}_membre__ars_siege`],
    population: pop,
    populationLabel: instance === 'copil' ? AVEC_COPIL : AVEC_AP,
    missing: 'exclude',
    share: { when: { any: [MEMBRE(`${instance}_membre__ars_delegation`), MEMBRE(`${instance}_membre__ars_siege`)] }, category: 'membre', label: 'Membre' },
    figures: [instance === 'copil' ? 'copil_membre_ars' : 'ap_participation_ars'],
    note: 'Membre : présent·e, ou membre dont la présence n’est pas relevée (réponse « Oui » ARS 2016-2017).',
  });
  return rows;
};

/**
 * The cahier des charges 2018-2022: the ASV coordinator in the COPIL "si un
 * ASV est en place", the CLS coordinator "s'il est différent". A CLSM
 * without ASV (or CLS), or whose CLS coordinator is the same person as
 * another row ("sans objet"), is outside the base, not a gap.
 */
const cahierDesCharges = (): Indicator[] =>
  (
    [
      ['asv', 'terr_asv', 'Coordonnateur·rice de l’atelier santé ville membre du COPIL (là où un ASV est en place)', 'CLSM ayant un COPIL et un ASV sur le territoire'],
      ['coordinateur_cls', 'terr_cls', 'Coordonnateur·rice du CLS membre du COPIL (là où un CLS est signé et son coordonnateur·rice est une autre personne)', 'CLSM ayant un COPIL et un CLS sur le territoire'],
    ] as const
  ).map(([acteur, dispositif, label, populationLabel]) => ({
    id: `cdc_copil_${acteur}`,
    label,
    section: 'gouvernance' as const,
    kind: 'share' as const,
    variables: [`copil_membre__${acteur}`],
    population: { all: [OUI('copil_existe'), OUI(dispositif), PAS_SANS_OBJET(`copil_membre__${acteur}`)] },
    populationLabel,
    missing: 'exclude' as const,
    share: { when: MEMBRE(`copil_membre__${acteur}`), category: 'membre', label: 'Membre' },
    figures: [],
    note: '« Sans objet » sort de la base (ce n’est pas un manquement au cahier des charges) ; « membre, présence non relevée » compte comme membre.',
  }));

const themes = (): Indicator[] =>
  THEMES.flatMap((theme): Indicator[] => [
    {
      id: `gt_theme__${theme.code}`,
      label: `Groupe de travail « ${theme.label} »`,
      section: 'thematiques',
      kind: 'distribution',
      variables: [`gt_theme__${theme.code}`],
      populationLabel: TOUS,
      missing: 'sans_reponse',
      figures: CCOMS_THEME[theme.code] ?? [],
      mission: true,
    },
    {
      id: `gt_theme_en_place__${theme.code}`,
      label: `Groupe de travail « ${theme.label} » en place ou en cours`,
      section: 'thematiques',
      kind: 'share',
      variables: [`gt_theme__${theme.code}`],
      populationLabel: 'Bilans ayant renseigné le tableau des thématiques',
      missing: 'exclude',
      share: { values: EN_PLACE, category: 'en_place', label: 'En place ou en cours' },
      figures: ['ars_themes_groupes_travail'],
      mission: true,
    },
    {
      id: `gt_usagers__${theme.code}`,
      label: `Des personnes concernées participent au groupe « ${theme.label} »`,
      section: 'participation',
      kind: 'share',
      variables: [`gt_usagers__${theme.code}`],
      population: { var: `gt_theme__${theme.code}`, in: EN_PLACE },
      populationLabel: 'CLSM ayant ce groupe de travail',
      missing: 'exclude',
      figures: [],
      mission: true,
    },
  ]);

/** A yes/no share over one variable. */
const ouiNon = (id: string, label: string, section: Indicator['section'], figures: string[] = [], extra: Partial<Indicator> = {}): Indicator => ({
  id,
  label,
  section,
  kind: 'share',
  variables: [id],
  populationLabel: TOUS,
  missing: 'sans_reponse',
  share: { values: ['oui'], category: 'oui', label: 'Oui' },
  figures,
  ...extra,
});

const stats = (id: string, variable: string, label: string, section: Indicator['section'], population: Condition | undefined, populationLabel: string, figures: string[] = [], mission = false): Indicator => ({
  id,
  label,
  section,
  kind: 'stats',
  variables: [variable],
  ...(population ? { population } : {}),
  populationLabel,
  missing: 'exclude',
  figures,
  ...(mission ? { mission } : {}),
});

const distribution = (id: string, variable: string, label: string, section: Indicator['section'], missing: Indicator['missing'], figures: string[] = [], extra: Partial<Indicator> = {}): Indicator => ({
  id,
  label,
  section,
  kind: 'distribution',
  variables: [variable],
  populationLabel: TOUS,
  missing,
  figures,
  ...extra,
});

const multi = (variable: string, codes: string[], label: string, section: Indicator['section'], population: Condition | undefined, populationLabel: string, figures: string[] = []): Indicator => ({
  id: variable,
  label,
  section,
  kind: 'multi',
  variables: codes.map((c) => `${variable}__${c}`),
  ...(population ? { population } : {}),
  populationLabel,
  missing: 'exclude',
  figures,
});

/** Option codes of a choix_multiple question (empty when the questionnaire lacks it), "ne sait pas" left out (it leaves the base). */
function optionCodes(q: Questionnaire, variable: string): string[] {
  const question = indexOf(q).questions.get(variable)?.question;
  return question && 'options' in question ? question.options.map((o) => o.code).filter((c) => c !== 'ne_sait_pas') : [];
}

export interface CatalogueOptions {
  /** First year of the "depuis" period (default 2016). */
  periodeBoundary?: number;
}

/**
 * Every indicator the questionnaire allows, in the order of the état des
 * lieux. Indicators whose variables the questionnaire lacks are left out.
 *
 * @example buildCatalogue(getQuestionnaire()).find((i) => i.id === 'participation_usagers__copil')?.population;
 */
export function buildCatalogue(q: Questionnaire, options: CatalogueOptions = {}): Indicator[] {
  const boundary = options.periodeBoundary ?? 2016;
  const avecCoord = OUI('coord_existe');
  const list: Indicator[] = [
    // ---- campagne
    distribution('periode_creation', 'periode_creation', `Période de création du CLSM (avant ou depuis ${boundary})`, 'campagne', 'sans_reponse', ['ceapsy_periode_creation', 'n_questionnaires', 'ceapsy_repondants', 'ars_bilans_recus'], {
      categories: [
        { code: `avant_${boundary}`, label: `Créé avant ${boundary}` },
        { code: `depuis_${boundary}`, label: `Créé depuis ${boundary}` },
      ],
      mission: true,
    }),
    ouiNon('consentement_ccoms', 'Accord de partage du bilan avec le CCOMS', 'campagne'),
    // ---- 1. coordination
    ouiNon('coord_existe', 'Le CLSM a un·e coordonnateur·rice', 'coordination'),
    distribution('coord_formation', 'coord_formation', 'Formation d’origine du ou de la coordonnateur·rice', 'coordination', 'sans_reponse', ['coord_formation', 'ceapsy_coord_formation'], { population: avecCoord, populationLabel: AVEC_COORD }),
    distribution('coord_niveau_diplome', 'coord_niveau_diplome', 'Niveau de diplôme du ou de la coordonnateur·rice', 'coordination', 'sans_reponse', ['coord_niveau_doctorat'], { population: avecCoord, populationLabel: AVEC_COORD }),
    {
      ...ouiNon('coord_niveau_bac5_plus', 'Coordonnateur·rice diplômé·e de niveau bac + 5 ou plus', 'coordination', ['coord_niveau_bac5'], { population: avecCoord, populationLabel: AVEC_COORD }),
      variables: ['coord_niveau_diplome'],
      share: { values: ['bac_5', 'doctorat'], category: 'bac_5_ou_plus', label: 'Bac + 5 ou plus' },
    },
    distribution('classe_etp', 'classe_etp', 'Temps de coordination consacré au CLSM', 'coordination', 'sans_reponse', ['coord_temps_dedie'], { population: avecCoord, populationLabel: AVEC_COORD }),
    {
      ...ouiNon('coord_temps_plein_ou_80', 'Coordination à 100 % ou 80 % du temps', 'coordination', ['coord_temps_plein_ou_80'], { population: avecCoord, populationLabel: AVEC_COORD }),
      variables: ['classe_etp'],
      share: { values: ['etp_100', 'etp_80'], category: 'etp_80_ou_plus', label: '100 % ou 80 %' },
    },
    stats('coord_etp', 'coord_etp', 'Temps de coordination (ETP)', 'coordination', avecCoord, AVEC_COORD),
    distribution('quotite_coordination', 'quotite_coordination', 'Quotité du poste de coordination', 'coordination', 'exclude', [], { population: avecCoord, populationLabel: AVEC_COORD }),
    {
      ...ouiNon('coord_temps_partiel', 'Coordination à temps partiel', 'coordination', ['ceapsy_temps_partiel'], { population: avecCoord, populationLabel: AVEC_COORD, missing: 'exclude' }),
      variables: ['quotite_coordination'],
      share: { values: ['temps_partiel_plus_50', 'temps_partiel_50_ou_moins'], category: 'temps_partiel', label: 'Temps partiel' },
    },
    distribution('coord_temps_partiel_50', 'quotite_coordination', 'Quotité des temps partiels (50 % ou moins, plus de 50 %)', 'coordination', 'exclude', ['ceapsy_temps_partiel_50'], {
      population: { var: 'quotite_coordination', in: ['temps_partiel_plus_50', 'temps_partiel_50_ou_moins'] },
      populationLabel: 'Coordonnateur·rices à temps partiel',
      categories: [
        { code: 'temps_partiel_50_ou_moins', label: 'Temps partiel égal ou inférieur à 50 %' },
        { code: 'temps_partiel_plus_50', label: 'Temps partiel supérieur à 50 %' },
      ],
    }),
    stats('coord_vacance_mois', 'coord_vacance_mois', 'Mois de vacance du poste de coordination dans l’année', 'coordination', undefined, TOUS),
    {
      ...ouiNon('coord_vacance', 'Poste de coordination vacant au moins un mois dans l’année', 'coordination', [], { missing: 'exclude' }),
      variables: ['coord_vacance_mois'],
      share: { when: { var: 'coord_vacance_mois', gte: 1 }, category: 'vacant', label: 'Vacant au moins un mois' },
    },
    stats('coord_financement_ars_montant', 'coord_financement_ars_montant', 'Montant ARS du poste de coordination (€ par an)', 'coordination', { all: [avecCoord, OUI('coord_financement__ars')] }, 'CLSM dont l’ARS finance le poste (montant connu)'),
    stats('coord_nb_clsm', 'coord_nb_clsm', 'Nombre de CLSM coordonnés par le ou la coordonnateur·rice', 'coordination', avecCoord, AVEC_COORD, ['coord_nb_clsm_max']),
    {
      ...ouiNon('coord_multi_clsm', 'Coordonne plus d’un CLSM (parmi les coordinations à 50 % ou moins)', 'coordination', ['coord_multi_clsm'], {
        population: { var: 'classe_etp', in: ['etp_50', 'etp_moins_50'] },
        populationLabel: 'Coordinations à mi-temps ou moins',
        missing: 'exclude',
      }),
      variables: ['coord_nb_clsm'],
      share: { when: { var: 'coord_nb_clsm', gte: 2 }, category: 'plus_d_un', label: 'Plus d’un CLSM' },
    },
    distribution('coord_employeur', 'coord_employeur', 'Rattachement du poste de coordination (employeur)', 'coordination', 'sans_reponse', ['coord_rattachement'], { population: avecCoord, populationLabel: AVEC_COORD }),
    ouiNon('coord_detache', 'Employé·e par l’hôpital et détaché·e pour exercer en collectivité', 'coordination', ['coord_detache_collectivite'], {
      population: { all: [avecCoord, { var: 'coord_employeur', eq: 'hopital' }] },
      populationLabel: 'Coordonnateur·rices employé·es par un hôpital',
      missing: 'exclude',
    }),
    {
      ...ouiNon('coord_exerce_en_collectivite', 'Exerce au sein de la collectivité (rattaché·e ou détaché·e)', 'coordination', ['coord_exerce_en_collectivite'], { population: avecCoord, populationLabel: AVEC_COORD }),
      variables: ['coord_employeur'],
      share: { when: { any: [{ var: 'coord_employeur', eq: 'collectivite' }, OUI('coord_detache')] }, category: 'collectivite', label: 'En collectivité' },
    },
    distribution('financement_poste_config', 'financement_poste_config', 'Financement du poste de coordination', 'coordination', 'sans_reponse', ['coord_financement'], { population: avecCoord, populationLabel: AVEC_COORD }),
    multi('coord_financement', optionCodes(q, 'coord_financement'), 'Financeurs du poste de coordination', 'coordination', avecCoord, AVEC_COORD),
    distribution('classe_anciennete', 'classe_anciennete', 'Ancienneté du ou de la coordonnateur·rice sur le poste', 'coordination', 'sans_reponse', ['coord_anciennete'], { population: avecCoord, populationLabel: AVEC_COORD }),
    {
      ...ouiNon('coord_anciennete_moins_2ans', 'Coordonnateur·rice en poste depuis moins de deux ans', 'coordination', ['coord_anciennete_moins_2ans'], { population: avecCoord, populationLabel: AVEC_COORD }),
      variables: ['classe_anciennete'],
      share: { values: ['moins_1_an', 'de_1_a_2_ans'], category: 'moins_2_ans', label: 'Moins de deux ans' },
    },
    // ---- 2. territoire
    distribution('tranche_population', 'tranche_population', 'Population couverte par le CLSM', 'territoire', 'sans_reponse', ['terr_population_tranches']),
    stats('terr_population', 'terr_population', 'Population couverte (habitant·es)', 'territoire', undefined, TOUS, ['terr_population_etendue']),
    distribution('terr_echelle', 'terr_echelle', 'Échelle territoriale du CLSM', 'territoire', 'sans_reponse', ['terr_echelle']),
    ouiNon('terr_qpv', 'Au moins un quartier prioritaire (contrat de ville) sur le territoire', 'territoire', ['terr_contrat_de_ville', 'ars_qpv']),
    { ...ouiNon('terr_asv', 'Atelier santé ville sur le territoire', 'territoire', ['terr_atelier_sante_ville', 'ceapsy_dispositif_asv']), missing: 'exclude' },
    { ...ouiNon('terr_cls', 'Contrat local de santé sur le territoire', 'territoire', ['terr_contrat_local_sante', 'ceapsy_dispositif_cls']), missing: 'exclude' },
    { ...ouiNon('terr_resad', 'RESAD sur le territoire (Île-de-France)', 'territoire', ['ceapsy_dispositif_resad']), missing: 'exclude', population: SAIT('terr_resad'), populationLabel: 'CLSM d’Île-de-France ayant répondu (« ne sait pas » exclu)' },
    { ...ouiNon('terr_secteur_psy_implante', 'Secteur de psychiatrie implanté sur le territoire', 'territoire', ['ceapsy_dispositif_secteur_psy']), missing: 'exclude' },
    distribution('terr_nb_secteurs_psy_adulte_classes', 'terr_nb_secteurs_psy_adulte', 'Nombre de secteurs de psychiatrie adulte couverts', 'territoire', 'exclude', ['terr_secteurs_psy_adulte'], {
      classes: countClasses(['Aucun', 'Un', 'Deux', 'Trois', 'Quatre'], 'Cinq et plus'),
    }),
    stats('terr_nb_secteurs_psy_adulte', 'terr_nb_secteurs_psy_adulte', 'Secteurs de psychiatrie adulte couverts (nombre)', 'territoire', undefined, TOUS, ['terr_secteurs_psy_adulte_max']),
    distribution('terr_nb_secteurs_pedopsy_classes', 'terr_nb_secteurs_pedopsy', 'Nombre de secteurs de psychiatrie infanto-juvénile couverts', 'territoire', 'exclude', ['terr_secteurs_psy_infanto'], {
      classes: countClasses(['Aucun', 'Un', 'Deux'], 'Trois et plus'),
    }),
    { ...ouiNon('terr_diagnostic_local_sante', 'Diagnostic local de santé réalisé sur le territoire', 'territoire'), population: SAIT('terr_diagnostic_local_sante'), populationLabel: 'Ensemble des bilans (« ne sait pas » exclu)' },
    // ---- 3. gouvernance
    ouiNon('copil_existe', 'Le CLSM a un comité de pilotage', 'gouvernance', ['copil_existence', 'ars_copil_existence']),
    distribution('copil_presidence', 'copil_presidence', 'Présidence du comité de pilotage', 'gouvernance', 'exclude', [], { population: OUI('copil_existe'), populationLabel: AVEC_COPIL }),
    distribution('copil_nb_reunions_classes', 'copil_nb_reunions', 'Nombre de réunions du comité de pilotage dans l’année', 'gouvernance', 'exclude', ['copil_nb_reunions', 'copil_une_fois_par_an'], {
      population: OUI('copil_existe'),
      populationLabel: AVEC_COPIL,
      classes: countClasses(['Aucune', 'Une', 'Deux', 'Trois', 'Quatre'], 'Cinq et plus'),
      mission: true,
    }),
    stats('copil_nb_reunions', 'copil_nb_reunions', 'Réunions du comité de pilotage par an', 'gouvernance', OUI('copil_existe'), AVEC_COPIL, [], true),
    stats('copil_nb_membres', 'copil_nb_membres', 'Sièges au comité de pilotage', 'gouvernance', OUI('copil_existe'), AVEC_COPIL),
    {
      id: 'copil_sieges_usagers',
      label: 'Part des sièges du comité de pilotage occupés par des personnes concernées',
      section: 'participation',
      kind: 'seat_share',
      variables: ['copil_nb_usagers', 'copil_nb_membres'],
      population: OUI('copil_existe'),
      populationLabel: AVEC_COPIL,
      missing: 'exclude',
      figures: [],
      mission: true,
    },
    {
      id: 'copil_sieges_aidants',
      label: 'Part des sièges du comité de pilotage occupés par des aidant·es',
      section: 'participation',
      kind: 'seat_share',
      variables: ['copil_nb_aidants', 'copil_nb_membres'],
      population: OUI('copil_existe'),
      populationLabel: AVEC_COPIL,
      missing: 'exclude',
      figures: [],
    },
    ...membership('copil'),
    ...cahierDesCharges(),
    ouiNon('ap_existe', 'Le CLSM a une assemblée plénière', 'gouvernance', ['ap_existence', 'ars_ap_existence']),
    distribution('ap_presidence', 'ap_presidence', "Présidence de l'assemblée plénière", 'gouvernance', 'sans_reponse', ['ap_presidence'], { population: OUI('ap_existe'), populationLabel: AVEC_AP }),
    stats('ap_nb_reunions', 'ap_nb_reunions', "Réunions de l'assemblée plénière par an", 'gouvernance', OUI('ap_existe'), AVEC_AP, [], true),
    multi('ap_elus', optionCodes(q, 'ap_elus'), "Élu·es présent·es à l'assemblée plénière", 'gouvernance', OUI('ap_existe'), AVEC_AP, ['ars_ap_elus']),
    ...membership('ap'),
    ouiNon('cellule_existe', 'Le CLSM a une cellule de situations complexes', 'gouvernance'),
    stats('cellule_nb_reunions', 'cellule_nb_reunions', 'Réunions de la cellule de situations complexes par an', 'gouvernance', OUI('cellule_existe'), 'CLSM ayant une cellule', [], true),
    distribution('cellule_charte_ethique', 'cellule_charte_ethique', 'Charte éthique de la cellule de situations complexes', 'gouvernance', 'exclude', [], { population: OUI('cellule_existe'), populationLabel: 'CLSM ayant une cellule' }),
    // ---- 4. thématiques
    { ...ouiNon('priorites_evolution', 'Les priorités du CLSM ont évolué depuis sa mise en place', 'thematiques', ['priorites_evolution']), population: SAIT('priorites_evolution'), populationLabel: 'Ensemble des bilans (« ne sait pas » exclu)' },
    { ...stats('gt_nb_reunions', 'gt_nb_reunions', 'Réunions des groupes de travail par an (tous groupes)', 'thematiques', undefined, TOUS, [], true), note: 'Saisi en 2026.1 ; depuis 2027.1, somme des réunions par thématique (variable dérivée du même nom).' },
    ...themes(),
    // ---- 5. participation
    ...ESPACES.map((espace) => ({
      ...ouiNon(`participation_usagers__${espace.code}`, `Des personnes concernées participent : ${espace.label.toLowerCase()}`, 'participation', CEAPSY_ESPACE[espace.code] ? [CEAPSY_ESPACE[espace.code]!] : []),
      missing: 'exclude' as const,
      mission: true,
    })),
    distribution('participation_reflexion', 'participation_reflexion', 'Réflexion collective sur la participation des personnes concernées engagée', 'participation', 'exclude', ['ceapsy_reflexion_participation']),
    distribution('participation_profil', 'participation_profil', 'Profil d’intégration de la participation', 'participation', 'exclude'),
    {
      ...multi('participation_relais', optionCodes(q, 'participation_relais'), 'Relais de la démarche auprès des personnes concernées (plusieurs réponses)', 'participation', undefined, 'CLSM où des personnes concernées ont participé', ['ceapsy_relais_structures']),
      note: 'Depuis 2027.1, demandé seulement là où des personnes concernées ont participé ; l’option 2026.1 « aucune personne ne participe » n’est pas reprise.',
    },
    multi('freins_participation_professionnels', optionCodes(q, 'freins_participation_professionnels'), 'Freins à la participation des professionnel·les (plusieurs réponses)', 'participation', undefined, TOUS, ['ceapsy_annexe_freins_professionnels']),
    multi('freins_participation_usagers', optionCodes(q, 'freins_participation_usagers'), 'Freins à la participation des personnes concernées (plusieurs réponses)', 'participation', undefined, TOUS),
    distribution('charte_valeurs', 'charte_valeurs', 'Charte de valeurs', 'participation', 'exclude'),
    // ---- 6. partenariats, dispositifs, suivi
    multi('genese_initiateurs', optionCodes(q, 'genese_initiateurs'), 'Acteurs à l’initiative du CLSM (plusieurs réponses)', 'partenariats', { not: OUI('genese_initiateurs__ne_sait_pas') }, 'Ensemble des bilans (« ne sait pas » exclu)'),
    {
      ...ouiNon('genese_psychiatrie', 'Secteur(s) psychiatrique(s) à l’initiative du CLSM', 'partenariats', ['ars_initiateurs']),
      variables: ['genese_initiateurs__psychiatrie_adulte', 'genese_initiateurs__pedopsychiatrie'],
      missing: 'exclude',
      share: { when: { any: [OUI('genese_initiateurs__psychiatrie_adulte'), OUI('genese_initiateurs__pedopsychiatrie')] }, category: 'oui', label: 'Oui' },
    },
    {
      ...ouiNon('genese_ville', 'Élu·es ou services municipaux à l’initiative du CLSM', 'partenariats', ['ars_initiateurs']),
      variables: ['genese_initiateurs__elus', 'genese_initiateurs__services_municipaux'],
      missing: 'exclude',
      share: { when: { any: [OUI('genese_initiateurs__elus'), OUI('genese_initiateurs__services_municipaux')] }, category: 'oui', label: 'Oui' },
    },
    multi('appui_methodologique', optionCodes(q, 'appui_methodologique'), 'Appui méthodologique reçu (plusieurs réponses)', 'partenariats', { not: OUI('appui_methodologique__ne_sait_pas') }, 'Ensemble des bilans (« ne sait pas » exclu)', ['ars_appui_dd']),
    { ...ouiNon('diag_sante_mentale', 'Diagnostic local en santé mentale réalisé', 'partenariats', ['ars_diagnostic_sante_mentale']), missing: 'exclude', population: SAIT('diag_sante_mentale'), populationLabel: 'Ensemble des bilans (« ne sait pas » exclu)' },
    multi('diag_sante_mentale_dispositif', optionCodes(q, 'diag_sante_mentale_dispositif'), 'Dispositif du diagnostic en santé mentale', 'partenariats', OUI('diag_sante_mentale'), 'CLSM ayant réalisé un diagnostic', ['ars_diagnostic_sante_mentale']),
    ouiNon('communication_outils', 'Le CLSM a des outils de communication', 'partenariats'),
    ouiNon('coordination_politique_ville', 'Coordination avec la politique de la ville', 'partenariats'),
    ouiNon('financements_specifiques', 'Financements spécifiques d’actions', 'partenariats'),
    {
      ...ouiNon('cls_clsm_inscrit', 'Le CLSM est inscrit dans le contrat local de santé', 'partenariats', [], { missing: 'exclude' }),
      population: { all: [OUI('terr_cls'), SAIT('cls_clsm_inscrit')] },
      populationLabel: 'CLSM ayant un CLS sur le territoire (« ne sait pas » exclu)',
    },
    distribution('cls_axe', 'cls_axe', 'Axe du CLS où le CLSM est inscrit', 'partenariats', 'exclude', [], { population: { var: 'cls_clsm_inscrit', eq: 'oui' }, populationLabel: 'CLSM inscrits dans le CLS' }),
    distribution('ptsm_implication', 'ptsm_implication', 'Implication du CLSM dans le projet territorial de santé mentale (PTSM)', 'partenariats', 'exclude', [], { population: SAIT('ptsm_implication'), populationLabel: 'Ensemble des bilans (« ne sait pas » exclu)' }),
    { ...ouiNon('bilan_precedent_realise', 'Bilan d’activités de l’année précédente réalisé', 'partenariats', [], { missing: 'exclude' }), note: 'Un bilan 2026.1 « diffusé aux membres et financeurs » compte comme réalisé ; « non » n’y disait pas s’il l’était : hors base.' },
    multi('bilan_precedent_diffusion', optionCodes(q, 'bilan_precedent_diffusion'), 'Diffusion du bilan de l’année précédente (plusieurs réponses)', 'partenariats', OUI('bilan_precedent_realise'), 'CLSM ayant réalisé le bilan de l’année précédente'),
    ouiNon('bilan_annuel_diffuse', 'Bilan annuel diffusé aux membres et financeurs', 'partenariats'),
    ouiNon('bilan_restitution_population', 'Bilan restitué à la population', 'partenariats', ['ars_bilan_annuel_restitue']),
  ];
  const columns = new Set([...indexOf(q).columns.map((c) => c.variable), ...derivedVariablesOf(q).map((d) => d.variable)]);
  return list.filter((i) => i.variables.length > 0 && i.variables.every((v) => columns.has(v))).map((i) => (ORDERED.has(i.id) ? { ...i, ordered: true } : i));
}

/**
 * The ordered categories of a variable from the codebook (options of a
 * choice, of a grid cell, or of a derived variable).
 *
 * @example categoriesFor(getQuestionnaire())('copil_membre__unafam'); // ['membre', 'invite_absent', 'non_invite']
 */
export function categoriesFor(q: Questionnaire): (variable: string) => string[] {
  return (variable) => optionsFor(q, variable).map((o) => o.code);
}

/** Options (code and French label) of a variable, from the codebook. */
export function optionsFor(q: Questionnaire, variable: string): Option[] {
  const derived = derivedVariablesOf(q).find((d) => d.variable === variable);
  if (derived) return derived.options;
  return indexOf(q).columnsByVariable.get(variable)?.options ?? [];
}
