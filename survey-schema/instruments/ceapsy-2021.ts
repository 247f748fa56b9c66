/**
 * Céapsy 2021 study on the participation of personnes concernées in the CLSM
 * of Île-de-France (16 coordinators), mapped onto the canonical variables.
 * Figure ids are those of `fixtures/reference/published-003-000.json`.
 */
import type { Instrument } from './types.ts';

const PERIODE = ['annee_creation', 'periode_creation'];

export const ceapsy2021: Instrument = {
  id: 'ceapsy-2021',
  title: 'Céapsy — la participation des personnes concernées dans les CLSM d’Île-de-France (2021)',
  year: 2021,
  source: 'sources/000 (Céapsy 2021, 16 répondant·es sur 34)',
  items: [
    { ref: 'Répondants', label: 'Questionnaire complété par un·e coordonnateur·rice', variables: ['clsm_id', 'annee'], figures: ['ceapsy_repondants'] },
    {
      ref: 'Formation',
      label: "Formation d'origine du coordinateur",
      variables: ['coord_formation'],
      options: {
        Psychologie: 'psychologie',
        'Gestion de projets': 'gestion_projets',
        Médecin: 'medecine',
        'Sciences politiques': 'sciences_politiques',
        'Travailleur social': 'travail_social',
        'Sciences Humaines et sociales': 'autres_shs',
      },
      figures: ['ceapsy_coord_formation'],
    },
    {
      ref: 'Temps de travail',
      label: 'Temps de travail consacré à la fonction (temps plein, temps partiel, quotité)',
      variables: ['coord_etp', 'quotite_coordination'],
      options: {
        'Temps plein': 'temps_plein',
        'Temps partiel supérieur à 50 %': 'temps_partiel_plus_50',
        'Temps partiel égal ou inférieur à 50 %': 'temps_partiel_50_ou_moins',
      },
      figures: ['ceapsy_temps_partiel', 'ceapsy_temps_partiel_50'],
    },
    { ref: 'Date de création', label: 'Année de création du CLSM (avant 2016 / depuis 2016)', variables: PERIODE, figures: ['ceapsy_periode_creation'] },
    { ref: 'Dispositifs — ASV', label: 'Atelier santé ville sur le territoire', variables: ['terr_asv', ...PERIODE], figures: ['ceapsy_dispositif_asv'] },
    { ref: 'Dispositifs — CLS', label: 'Contrat local de santé sur le territoire', variables: ['terr_cls', ...PERIODE], figures: ['ceapsy_dispositif_cls'] },
    { ref: 'Dispositifs — RESAD', label: 'RESAD sur le territoire', variables: ['terr_resad', ...PERIODE], figures: ['ceapsy_dispositif_resad'] },
    { ref: 'Dispositifs — secteur psy', label: 'Secteur de psychiatrie implanté sur le territoire', variables: ['terr_secteur_psy_implante', ...PERIODE], figures: ['ceapsy_dispositif_secteur_psy'] },
    { ref: 'Réflexion', label: 'Réflexion collective sur la participation des personnes concernées initiée', variables: ['participation_reflexion'], options: { oui: 'oui', non: 'non' }, figures: ['ceapsy_reflexion_participation'] },
    {
      ref: 'Profil',
      label: "Profil d'intégration de la participation (réflexion, structuration, intégrée)",
      variables: ['participation_profil'],
      options: { Réflexion: 'reflexion', Structuration: 'structuration', Intégrée: 'integree' },
      note: 'Profil déduit des réponses ouvertes dans l’étude ; le bilan le demande directement.',
    },
    { ref: 'Participation — COPIL', label: 'Participation des personnes concernées au comité de pilotage', variables: ['participation_usagers__copil', ...PERIODE], figures: ['ceapsy_participation_usagers_copil'] },
    { ref: 'Participation — AP', label: "Participation des personnes concernées à l'assemblée plénière", variables: ['participation_usagers__ap', ...PERIODE], figures: ['ceapsy_participation_usagers_assemblee_pleniere'] },
    { ref: 'Participation — groupes de travail', label: 'Participation des personnes concernées aux groupes de travail', variables: ['participation_usagers__gt', ...PERIODE], figures: ['ceapsy_participation_usagers_groupes_travail'] },
    { ref: 'Participation — cellule', label: 'Participation des personnes concernées à la cellule de cas complexes', variables: ['participation_usagers__cellule', ...PERIODE], figures: ['ceapsy_participation_usagers_cellule_cas_complexes'] },
    {
      ref: 'Relais',
      label: 'Quels sont les relais de la démarche CLSM auprès des personnes concernées ? (plusieurs réponses)',
      variables: ['participation_relais'],
      options: {
        'Association d’usagers': 'association_usagers',
        'Groupe d’entraide mutuelle (GEM)': 'gem',
        'Services d’accompagnement (SAVS, SAMSAH, Foyer de vie, MAS, ...)': 'services_accompagnement',
        ESAT: 'esat',
        'Structure de soins': 'structure_soins',
      },
      figures: ['ceapsy_relais_structures'],
    },
    {
      ref: 'Professionnels',
      label: 'Les professionnels des secteurs sanitaire, social et médico-social participent-ils aux instances du CLSM ?',
      variables: ['participation_professionnels'],
      options: { Souvent: 'souvent', Parfois: 'parfois', Rarement: 'rarement', Jamais: 'jamais' },
      figures: ['ceapsy_annexe_participation_secteurs'],
    },
    {
      ref: 'Freins — professionnels',
      label: 'Principaux freins à une meilleure participation des professionnels aux CLSM',
      variables: ['freins_participation_professionnels'],
      options: { 'Temps/effectifs': 'temps_effectifs', 'Compréhension du dispositif CLSM': 'comprehension_dispositif', 'Investissement des hiérarchies': 'investissement_hierarchies' },
      figures: ['ceapsy_annexe_freins_professionnels'],
    },
    {
      ref: 'Freins — personnes concernées',
      label: 'Principaux freins à la participation des personnes concernées au CLSM',
      variables: ['freins_participation_usagers'],
      options: {
        'Le difficile repérage de personnes concernées': 'reperage',
        'Un faible relais de la démarche CLSM par les professionnels': 'relais_professionnels',
        'Un dispositif peu lisible du point de vue des personnes concernées': 'lisibilite',
        'Un sentiment d’illégitimité difficile à dépasser': 'illegitimite',
      },
    },
  ],
};
