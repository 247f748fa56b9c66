/**
 * CCOMS "état des lieux national des CLSM" 2018 (110 questionnaires): the
 * items behind the published figures, mapped onto the canonical variables.
 * Figure ids are those of `fixtures/reference/published-003-000.json`.
 */
import type { Instrument, InstrumentItem } from './types.ts';

/** CCOMS yes / no / not invited → canonical membership status ("sans réponse" stays blank). */
const STATUT_CCOMS = { Oui: 'membre', Non: 'invite_absent', 'Non invité': 'non_invite' };

/** CCOMS actor label, suffix of its figure ids, canonical actor codes. */
const ACTEURS_CCOMS: [label: string, figure: string, codes: string[]][] = [
  ['Psychiatrie adulte', 'psy_adulte', ['psychiatrie_adulte']],
  ['Maire / élu local', 'elu_local', ['elus']],
  ['UNAFAM', 'unafam', ['unafam']],
  ['Psychiatrie publique (cadres de santé, infirmiers, assistants sociaux)', 'psy_publique', ['psychiatrie_equipes']],
  ['Services municipaux', 'services_municipaux', ['services_municipaux']],
  ['Pédopsychiatrie', 'pedopsy', ['pedopsychiatrie']],
  ['Agence régionale de santé', 'ars', ['ars_delegation', 'ars_siege']],
  ['Conseil départemental : ASE, PMI', 'conseil_departemental', ['conseil_departemental']],
  ["Associations d'usagers", 'assoc_usagers', ['associations_usagers']],
  ['Structures sociales', 'structures_sociales', ['structures_sociales']],
  ['Atelier Santé Ville', 'asv', ['asv']],
  ['Structures médico-sociales', 'structures_medico_sociales', ['structures_medico_sociales']],
  ['Préfecture', 'prefecture', ['prefecture']],
  ['Bailleurs sociaux', 'bailleurs_sociaux', ['bailleurs_sociaux']],
  ['Maison des adolescents', 'maison_ados', ['maison_adolescents']],
  ['Police', 'police', ['police']],
  ['MDPH', 'mdph', ['mdph']],
  ['Médecins généralistes', 'medecins_generalistes', ['medecins_generalistes']],
  ['Education nationale', 'education_nationale', ['education_nationale']],
  ['Justice', 'justice', ['justice']],
  ['Etablissements MCO du territoire', 'etablissements_mco', ['etablissements_mco']],
  ['Maison de santé pluriprofessionnelle', 'msp', ['msp']],
  ['Programme de réussite éducative', 'programme_reussite_educative', ['programme_reussite_educative']],
  ['Associations de quartiers', 'assoc_quartiers', ['associations_quartiers']],
  ['Mission locale', 'mission_locale', ['mission_locale']],
];

/** CCOMS theme label, its figure ids (chart, then prose restatements), canonical theme code. */
const THEMES_CCOMS: [label: string, figures: string[], code: string][] = [
  ['Instance de concertation pour situations individuelles complexes', ['theme_instance_situations_complexes', 's5_instance_situations_individuelles'], 'cellule_situations_complexes'],
  ['Logement / habitat', ['theme_logement_habitat', 's5_logement_groupe_travail', 's5_logement'], 'logement_habitat'],
  ['SISM', ['theme_sism', 's5_sism', 's5_representations_sism_sensibilisation'], 'sism'],
  ['Sensibilisation, information en santé mentale', ['theme_sensibilisation_information', 's5_information_promotion'], 'sensibilisation_information'],
  ['Accès aux soins', ['theme_acces_aux_soins', 's5_acces_aux_soins'], 'acces_soins'],
  ['Santé mentale des adolescents', ['theme_sm_adolescents', 's5_adolescents'], 'sm_adolescents'],
  ['Parentalité', ['theme_parentalite', 's5_parentalite'], 'parentalite'],
  ['Observation / diagnostic territorial de santé', ['theme_observation_diagnostic', 's5_observation_diagnostic'], 'observation_diagnostic'],
  ['Santé mentale des enfants', ['theme_sm_enfants', 's5_enfants'], 'sm_enfants'],
  ['Soins sous contrainte', ['theme_soins_sous_contrainte', 's5_soins_sans_consentement'], 'soins_sans_consentement'],
  ['Formation croisée', ['theme_formation_croisee', 's5_formations_croisees'], 'formation_croisee'],
  ['Santé mentale et précarité', ['theme_sm_precarite', 's5_precarite'], 'sm_precarite'],
  ['Prévention précoce', ['theme_prevention_precoce'], 'prevention_precoce'],
  ['Intégration des usagers au CLSM', ['theme_integration_usagers', 's5_participation_usagers'], 'participation_usagers'],
  ['Prévention du suicide', ['theme_prevention_suicide', 's5_suicide'], 'prevention_suicide'],
  ['Addictions', ['theme_addictions', 's5_addictions'], 'addictions'],
  ['Contribution à la réduction des inégalités socio-territoriales de la santé mentale', ['theme_inegalites_socio_territoriales', 's5_inegalites_socio_territoriales'], 'inegalites_socio_territoriales'],
  ["Amélioration de l'accès aux loisirs et à la culture des usagers", ['theme_loisirs_culture', 's5_loisirs_culture'], 'loisirs_culture'],
  ['Santé mentale des personnes agées', ['theme_sm_personnes_agees', 's5_personnes_agees'], 'sm_personnes_agees'],
  ["Promotion de l'accès à la citoyenneté des usagers", ['theme_citoyennete_usagers', 's5_citoyennete'], 'citoyennete'],
  ['Droit des usagers', ['theme_droit_usagers', 's5_droit_des_usagers'], 'droits_usagers'],
  ['Santé mentale au travail', ['theme_sm_travail', 's5_travail'], 'sm_travail'],
  ['Insertion professionnelle', ['theme_insertion_professionnelle', 's5_insertion_professionnelle'], 'insertion_professionnelle'],
];

const membership = (instance: 'copil' | 'ap'): InstrumentItem[] =>
  ACTEURS_CCOMS.map(([label, figure, codes]) => ({
    ref: `${instance === 'copil' ? 'COPIL' : 'AP'} — ${label}`,
    label: `${instance === 'copil' ? 'Membre du comité de pilotage' : "Participation à l'assemblée plénière"} : ${label} (oui / non / non invité)`,
    variables: codes.map((c) => `${instance}_membre__${c}`),
    options: STATUT_CCOMS,
    figures: [
      instance === 'copil' ? `copil_membre_${figure}` : `ap_participation_${figure}`,
      ...(instance === 'ap' && figure === 'education_nationale' ? ['s5_education_nationale_ap'] : []),
    ],
    ...(codes.length > 1 ? { note: "« Oui » si la délégation départementale ou le siège de l'ARS est membre." } : {}),
    ...(figure === 'psy_publique' ? { note: 'Distinct de « Psychiatrie adulte » : lu comme les équipes de psychiatrie publique (ligne ARS « cadre de santé, infirmiers, AS »).' } : {}),
  }));

export const ccoms2018: Instrument = {
  id: 'ccoms-2018',
  title: 'CCOMS — état des lieux national des CLSM 2018',
  year: 2018,
  source: 'sources/003 (CCOMS Lille, mars 2018, 110 questionnaires)',
  items: [
    { ref: 'Questionnaire', label: 'Questionnaire complété par un CLSM', variables: ['clsm_id', 'annee'], figures: ['n_questionnaires'] },
    {
      ref: 'Coordonnateur — formation',
      label: 'Formation, diplôme des coordonnateurs',
      variables: ['coord_formation'],
      options: {
        'Travail social (CESF/AS)': 'travail_social',
        'Infirmiers-cadre de santé': 'soins_infirmiers',
        'Soins infirmiers': 'soins_infirmiers',
        'Gestion de projets': 'gestion_projets',
        Psychologie: 'psychologie',
        Sociologie: 'sociologie',
        'Santé publique': 'sante_publique',
        Médecins: 'medecine',
        'Sciences politiques': 'sciences_politiques',
        'Sports adaptés': 'activites_physiques_adaptees',
        Droit: 'droit',
        Géographie: 'geographie',
        Histoire: 'histoire',
      },
      figures: ['coord_formation'],
    },
    { ref: 'Coordonnateur — niveau', label: 'Niveau de diplôme (bac+5, doctorat)', variables: ['coord_niveau_diplome'], options: { 'Bac+5': 'bac_5', Doctorat: 'doctorat' }, figures: ['coord_niveau_bac5', 'coord_niveau_doctorat'], note: '« Bac+5 et plus » = bac_5 ou doctorat.' },
    {
      ref: 'Coordonnateur — temps dédié',
      label: 'Temps dédié au CLSM (100 % / 80 % / 50 % / moins de 50 %)',
      variables: ['coord_etp', 'classe_etp'],
      options: { '100%': 'etp_100', '80%': 'etp_80', '50%': 'etp_50', 'Moins de 50%': 'etp_moins_50' },
      figures: ['coord_temps_dedie', 'coord_temps_plein_ou_80'],
      note: 'Les classes sont celles de la variable dérivée classe_etp ; une quotité CCOMS se reporte en ETP (100 % = 1).',
    },
    { ref: 'Coordonnateur — nombre de CLSM', label: 'Nombre de CLSM coordonnés', variables: ['coord_nb_clsm', 'coord_etp'], figures: ['coord_multi_clsm', 'coord_nb_clsm_max', 'coord_alsace_ars'] },
    {
      ref: 'Coordonnateur — rattachement',
      label: 'Rattachement du poste de coordonnateur',
      variables: ['coord_employeur'],
      options: { Collectivité: 'collectivite', Hôpital: 'hopital', Association: 'association', Autre: 'autre' },
      figures: ['coord_rattachement'],
    },
    { ref: 'Coordonnateur — détachement', label: 'Détaché par le CH pour exercer en collectivité', variables: ['coord_detache', 'coord_employeur'], figures: ['coord_detache_collectivite', 'coord_exerce_en_collectivite'] },
    {
      ref: 'Coordonnateur — financement',
      label: 'Financement du poste (ARS, collectivités, centres hospitaliers)',
      variables: ['coord_financement', 'financement_poste_config'],
      options: { ARS: 'ars', Collectivités: 'collectivite', 'Centres hospitaliers': 'hopital', Autres: 'autre' },
      figures: ['coord_financement'],
    },
    { ref: 'Coordonnateur — ancienneté', label: 'Ancienneté sur le poste', variables: ['coord_annee_prise_poste', 'classe_anciennete'], figures: ['coord_anciennete', 'coord_anciennete_moins_2ans'] },
    { ref: 'Territoire — population', label: "Nombre d'habitants couverts", variables: ['terr_population', 'tranche_population'], figures: ['terr_population_tranches', 'terr_population_etendue'] },
    { ref: 'Territoire — contrat de ville', label: 'Territoire en contrat de ville (au moins un QPV)', variables: ['terr_qpv'], options: { Oui: 'oui', Non: 'non' }, figures: ['terr_contrat_de_ville'] },
    { ref: 'Territoire — ASV', label: 'Atelier santé ville sur le territoire', variables: ['terr_asv'], options: { Oui: 'oui', Non: 'non' }, figures: ['terr_atelier_sante_ville'] },
    { ref: 'Territoire — CLS', label: 'Contrat local de santé sur le territoire', variables: ['terr_cls'], options: { Oui: 'oui', Non: 'non' }, figures: ['terr_contrat_local_sante'] },
    { ref: 'Territoire — secteurs adultes', label: 'Nombre de secteurs de psychiatrie adulte couverts', variables: ['terr_nb_secteurs_psy_adulte'], figures: ['terr_secteurs_psy_adulte', 'terr_secteurs_psy_adulte_max'] },
    { ref: 'Territoire — secteurs infanto-juvéniles', label: 'Nombre de secteurs infanto-juvéniles couverts', variables: ['terr_nb_secteurs_pedopsy'], figures: ['terr_secteurs_psy_infanto'] },
    {
      ref: 'Territoire — échelle',
      label: 'Territorialisation (communal, intercommunal, infracommunal, autre)',
      variables: ['terr_echelle'],
      options: { communal: 'communal', intercommunal: 'intercommunal', infracommunal: 'infracommunal', autre: 'autre' },
      figures: ['terr_echelle'],
    },
    { ref: 'COPIL — existence', label: 'Le CLSM dispose-t-il d’un comité de pilotage ?', variables: ['copil_existe'], options: { Oui: 'oui', Non: 'non' }, figures: ['copil_existence'] },
    { ref: 'COPIL — réunions', label: 'Nombre de comités de pilotage par an', variables: ['copil_nb_reunions', 'copil_existe'], figures: ['copil_nb_reunions', 'copil_une_fois_par_an'] },
    ...membership('copil'),
    { ref: 'AP — existence', label: 'Le CLSM dispose-t-il d’une assemblée plénière ?', variables: ['ap_existe'], options: { Oui: 'oui', Non: 'non' }, figures: ['ap_existence'] },
    {
      ref: 'AP — présidence',
      label: "Présidence de l'assemblée plénière",
      variables: ['ap_presidence'],
      options: { 'présidée par un élu': 'elu', 'co-présidée par un élu et par un représentant de la psychiatrie publique': 'co_presidence_elu_psychiatrie', autre: 'autre' },
      figures: ['ap_presidence'],
    },
    ...membership('ap'),
    { ref: 'Priorités', label: 'Les priorités du CLSM ont-elles évolué depuis sa mise en place ?', variables: ['priorites_evolution'], options: { Oui: 'oui', Non: 'non' }, figures: ['priorites_evolution'] },
    ...THEMES_CCOMS.map(([label, figures, code]) => ({
      ref: `Thématique — ${label}`,
      label: `Thématique travaillée : ${label} (oui / non)`,
      // Since 2027.1 the cellule is asked once, in the governance section; its theme is derived from it.
      variables: code === 'cellule_situations_complexes' ? ['cellule_existe', `gt_theme__${code}`] : [`gt_theme__${code}`],
      options: { Oui: 'oui', Non: 'non' },
      figures,
      note: 'Le CCOMS ne distinguait pas « en cours » : un « oui » CCOMS correspond à oui ou en_cours.',
    })),
  ],
};
