/**
 * Actor and theme lists: the union of the ARS Île-de-France 2016-2017 and
 * CCOMS 2018 lists, plus the actors the field asked for (GEM, CCAS, centre
 * municipal de santé, structures culturelles, coordinateur CLS, Psycom).
 * Instrument mappings (instruments/) say which original label maps to which code.
 */
import type { Option } from '../meta-schema.ts';

export const ACTEURS: Option[] = [
  { code: 'elus', label: 'Maire, élu·es locaux·ales' },
  { code: 'services_municipaux', label: 'Services municipaux' },
  { code: 'psychiatrie_adulte', label: 'Psychiatrie publique adulte (chef·fe de pôle ou de secteur)' },
  { code: 'psychiatrie_equipes', label: 'Psychiatrie publique : cadres de santé, infirmier·es, assistant·es sociaux·ales' },
  { code: 'pedopsychiatrie', label: 'Pédopsychiatrie (psychiatrie infanto-juvénile)' },
  { code: 'unafam', label: 'UNAFAM (familles et aidant·es)' },
  { code: 'associations_usagers', label: "Associations d'usager·es" },
  { code: 'gem', label: "Groupe d'entraide mutuelle (GEM)" },
  { code: 'asv', label: 'Atelier santé ville (ASV)' },
  { code: 'coordinateur_cls', label: 'Coordonnateur·rice du contrat local de santé (CLS)' },
  { code: 'programme_reussite_educative', label: 'Programme de réussite éducative' },
  { code: 'ccas', label: "Centre communal d'action sociale (CCAS)" },
  { code: 'centre_municipal_sante', label: 'Centre municipal de santé' },
  { code: 'medecins_generalistes', label: 'Médecins généralistes' },
  { code: 'msp', label: 'Maisons de santé pluriprofessionnelles (MSP)' },
  { code: 'etablissements_mco', label: 'Hôpital du territoire, établissements MCO' },
  { code: 'structures_sociales', label: 'Structures sociales (associations tutélaires, CHRS…)' },
  { code: 'structures_medico_sociales', label: 'Structures médico-sociales (SAVS, SAMSAH…)' },
  { code: 'mdph', label: 'Maison départementale des personnes handicapées (MDPH)' },
  { code: 'bailleurs_sociaux', label: 'Bailleurs sociaux' },
  { code: 'education_nationale', label: 'Éducation nationale' },
  { code: 'maison_adolescents', label: 'Maison des adolescent·es' },
  { code: 'mission_locale', label: 'Mission locale' },
  { code: 'police', label: 'Police, gendarmerie' },
  { code: 'justice', label: 'Justice' },
  { code: 'prefecture', label: 'Préfecture' },
  { code: 'associations_quartiers', label: 'Associations de quartier' },
  { code: 'structures_culturelles', label: 'Structures culturelles' },
  { code: 'conseil_departemental', label: 'Conseil départemental' },
  { code: 'ars_delegation', label: 'ARS : délégation départementale' },
  { code: 'ars_siege', label: 'ARS : siège régional' },
  { code: 'psycom', label: 'Psycom' },
];

export const STATUT_MEMBRE: Option[] = [
  { code: 'membre', label: 'Membre, présent·e' },
  { code: 'invite_absent', label: 'Invité·e, non présent·e' },
  { code: 'non_invite', label: 'Non invité·e' },
];

export const THEMES: Option[] = [
  { code: 'cellule_situations_complexes', label: 'Instance de résolution des situations individuelles complexes' },
  { code: 'logement_habitat', label: 'Logement, habitat' },
  { code: 'sism', label: "Semaines d'information sur la santé mentale (SISM)" },
  { code: 'sensibilisation_information', label: 'Sensibilisation, information, lutte contre la stigmatisation' },
  { code: 'acces_soins', label: 'Accès aux soins, continuité des soins' },
  { code: 'sm_adolescents', label: 'Santé mentale des adolescent·es et jeunes adultes' },
  { code: 'sm_enfants', label: 'Santé mentale des enfants' },
  { code: 'parentalite', label: 'Parentalité' },
  { code: 'observation_diagnostic', label: 'Observation, diagnostic territorial de santé' },
  { code: 'soins_sans_consentement', label: 'Soins sans consentement' },
  { code: 'formation_croisee', label: 'Formations croisées' },
  { code: 'sm_precarite', label: 'Santé mentale et précarité' },
  { code: 'prevention_precoce', label: 'Prévention précoce, repérage' },
  { code: 'participation_usagers', label: "Participation et intégration des usager·es" },
  { code: 'prevention_suicide', label: 'Prévention du suicide' },
  { code: 'addictions', label: 'Addictions' },
  { code: 'inegalites_socio_territoriales', label: 'Inégalités socio-territoriales de santé' },
  { code: 'loisirs_culture', label: 'Loisirs, culture, sport' },
  { code: 'sm_personnes_agees', label: 'Santé mentale des personnes âgées' },
  { code: 'citoyennete', label: 'Citoyenneté des usager·es' },
  { code: 'droits_usagers', label: 'Droits des usager·es' },
  { code: 'sm_travail', label: 'Santé mentale et travail' },
  { code: 'insertion_professionnelle', label: 'Insertion professionnelle' },
  { code: 'insertion_sociale', label: 'Insertion sociale' },
];

export const STATUT_THEME: Option[] = [
  { code: 'non', label: 'Non' },
  { code: 'en_cours', label: 'En cours de mise en place' },
  { code: 'oui', label: 'Oui, en place' },
];

/** The spaces where personnes concernées may take part (Céapsy 2021). */
export const ESPACES: Option[] = [
  { code: 'copil', label: 'Comité de pilotage' },
  { code: 'ap', label: 'Assemblée plénière' },
  { code: 'gt', label: 'Groupes de travail' },
  { code: 'cellule', label: 'Cellule de situations complexes' },
];
