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
  { code: 'prevention_precoce', label: 'Prévention précoce (enfants de 0 à 8 ans), repérage' },
  { code: 'participation_usagers', label: 'Participation et intégration des usager·es au CLSM' },
  { code: 'prevention_suicide', label: 'Prévention du suicide' },
  { code: 'addictions', label: 'Addictions' },
  { code: 'inegalites_socio_territoriales', label: 'Inégalités socio-territoriales de santé' },
  { code: 'loisirs_culture', label: "Accès des usager·es aux loisirs et à la culture" },
  { code: 'activites_culturelles', label: 'Activités culturelles et de loisirs (ouvertes à tous et toutes)' },
  { code: 'sm_personnes_agees', label: 'Santé mentale des personnes âgées' },
  { code: 'citoyennete', label: 'Citoyenneté des usager·es' },
  { code: 'droits_usagers', label: 'Droits des usager·es' },
  { code: 'sm_travail', label: 'Santé mentale et travail' },
  { code: 'insertion_professionnelle', label: 'Insertion professionnelle' },
  { code: 'insertion_sociale', label: 'Insertion sociale' },
  { code: 'gestion_urgences', label: "Gestion des situations d'urgence" },
  { code: 'outils_accompagnement', label: "Promotion d'outils d'accompagnement des personnes vivant avec des troubles psychiques" },
  { code: 'autre', label: 'Autre thématique' },
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

/** Initial training of the coordinator: the 12 fields of the CCOMS 2018 report, the ARS 2016-2017 and Céapsy 2021 options. */
export const FORMATIONS: Option[] = [
  { code: 'travail_social', label: 'Travail social (assistant·e de service social, éducateur·rice spécialisé·e, CESF)' },
  { code: 'soins_infirmiers', label: 'Soins infirmiers, cadre de santé' },
  { code: 'gestion_projets', label: 'Gestion de projets, développement local' },
  { code: 'psychologie', label: 'Psychologie' },
  { code: 'sociologie', label: 'Sociologie' },
  { code: 'sante_publique', label: 'Santé publique' },
  { code: 'medecine', label: 'Médecine' },
  { code: 'sciences_politiques', label: 'Sciences politiques' },
  { code: 'activites_physiques_adaptees', label: 'Sport, activités physiques adaptées (STAPS)' },
  { code: 'droit', label: 'Droit' },
  { code: 'geographie', label: 'Géographie, aménagement' },
  { code: 'histoire', label: 'Histoire' },
  { code: 'autres_shs', label: 'Autres sciences humaines et sociales' },
  { code: 'autre', label: 'Autre formation' },
];

export const NIVEAUX_DIPLOME: Option[] = [
  { code: 'bac_ou_moins', label: 'Baccalauréat ou moins' },
  { code: 'bac_2', label: 'Bac + 2 (DUT, BTS, DEUST…)' },
  { code: 'bac_3_4', label: 'Bac + 3 ou 4 (licence, diplôme d’État de travail social, master 1…)' },
  { code: 'bac_5', label: 'Bac + 5 (master, diplôme d’ingénieur, DESS…)' },
  { code: 'doctorat', label: 'Doctorat (y compris doctorat de médecine)' },
];

export const EMPLOYEURS: Option[] = [
  { code: 'collectivite', label: 'Collectivité (commune, intercommunalité, CCAS…)' },
  { code: 'hopital', label: 'Établissement de santé (centre hospitalier)' },
  { code: 'association', label: 'Association' },
  { code: 'autre', label: 'Autre employeur' },
];

/** Funders of the coordinator's post (several answers). */
export const FINANCEURS_POSTE: Option[] = [
  { code: 'ars', label: 'Agence régionale de santé (ARS)' },
  { code: 'collectivite', label: 'Collectivité(s) (commune, intercommunalité)' },
  { code: 'hopital', label: 'Établissement de santé' },
  { code: 'politique_ville', label: 'Crédits de la politique de la ville (État, ANCT)' },
  { code: 'conseil_departemental', label: 'Conseil départemental' },
  { code: 'autre', label: 'Autre financeur' },
];

export const ECHELLES: Option[] = [
  { code: 'communal', label: 'Communal (une commune entière)' },
  { code: 'intercommunal', label: 'Intercommunal (plusieurs communes, une intercommunalité)' },
  { code: 'infracommunal', label: 'Infracommunal (des quartiers, un arrondissement)' },
  { code: 'autre', label: 'Autre (secteur de psychiatrie, territoire hors EPCI, Pays, SCoT…)' },
];

/** Sources of a specific funding of actions. */
export const SOURCES_FINANCEMENT: Option[] = [
  { code: 'ars', label: 'ARS' },
  { code: 'collectivite', label: 'Commune ou intercommunalité' },
  { code: 'politique_ville', label: 'Politique de la ville (contrat de ville, ANCT)' },
  { code: 'conseil_departemental', label: 'Conseil départemental' },
  { code: 'conseil_regional', label: 'Conseil régional' },
  { code: 'hopital', label: 'Établissement de santé' },
  { code: 'assurance_maladie', label: 'Assurance maladie' },
  { code: 'fondation', label: 'Fondation, mécénat' },
  { code: 'autre', label: 'Autre source' },
];

/** Where the personnes concernées taking part in the CLSM come from (Céapsy 2021, several answers). */
export const RELAIS: Option[] = [
  { code: 'association_usagers', label: "Association d'usager·es" },
  { code: 'gem', label: "Groupe d'entraide mutuelle (GEM)" },
  { code: 'services_accompagnement', label: "Services d'accompagnement (SAVS, SAMSAH, foyer de vie, MAS…)" },
  { code: 'esat', label: "Établissement et service d'aide par le travail (ESAT)" },
  { code: 'structure_soins', label: 'Structure de soins (CMP, hôpital de jour, clinique…)' },
  { code: 'autre', label: 'Autre relais' },
  { code: 'aucun', label: 'Aucune personne concernée ne participe au CLSM' },
];

/** Professional sectors whose participation the Céapsy 2021 study asked about. */
export const SECTEURS_PROFESSIONNELS: Option[] = [
  { code: 'sanitaire', label: 'Professionnel·les du sanitaire' },
  { code: 'social', label: 'Professionnel·les du social' },
  { code: 'medico_social', label: 'Professionnel·les du médico-social' },
];

export const FREQUENCES: Option[] = [
  { code: 'souvent', label: 'Souvent' },
  { code: 'parfois', label: 'Parfois' },
  { code: 'rarement', label: 'Rarement' },
  { code: 'jamais', label: 'Jamais' },
];

/** Levels of engagement of usager·es in an instance where they take part (CCOMS guide, recommendation 10). */
export const NIVEAUX_ENGAGEMENT: Option[] = [
  { code: 'information', label: 'Information (elles sont informées des décisions)' },
  { code: 'consultation', label: 'Consultation (leur avis est demandé)' },
  { code: 'concertation', label: 'Concertation (elles construisent les propositions avec les autres membres)' },
  { code: 'codecision', label: 'Codécision (elles décident avec les autres membres)' },
];

// ---- Lists added in 2027.1 (the 2026.1 lists above are left as they were).

/**
 * COPIL composition in 2027.1: the three codes of 2026.1 keep their meaning;
 * the ARS 2016-2017 "Oui" gets its own code (member, attendance not
 * recorded), and an actor absent from the territory (no ASV, no GEM, no CLS)
 * or held by the same person as another row is "sans objet", not a gap.
 */
export const STATUT_MEMBRE_COPIL: Option[] = [
  { code: 'membre', label: 'Membre, présent·e', help: 'A siégé au moins une fois dans l’année.' },
  { code: 'membre_presence_non_relevee', label: 'Membre, présence non relevée', help: 'Membre dont la présence n’est pas connue (réponse « Oui » des formulaires ARS 2016-2017).' },
  { code: 'invite_absent', label: 'Invité·e, non présent·e' },
  { code: 'non_invite', label: 'Non invité·e' },
  { code: 'sans_objet', label: 'Sans objet', help: 'L’acteur n’existe pas sur le territoire (pas d’ASV, de GEM, de CLS…) ou c’est la même personne qu’une autre ligne.' },
];

/** AP composition in 2027.1: as the COPIL, and "ne sait pas" (an assembly of a hundred people is not always counted). */
export const STATUT_MEMBRE_AP: Option[] = [...STATUT_MEMBRE_COPIL, { code: 'ne_sait_pas', label: 'Ne sait pas' }];

/** The codes that count as a member in a "part des membres" (2027.1 adds the attendance not recorded). */
export const CODES_MEMBRE = ['membre', 'membre_presence_non_relevee'] as const;

/**
 * Relays of the personnes concernées who took part (2027.1): asked only where
 * some took part, so "nobody took part" is no longer an option; arrivals on
 * their own and individual referrals are options of their own.
 */
export const RELAIS_2027: Option[] = [
  { code: 'association_usagers', label: "Association d'usager·es" },
  { code: 'gem', label: "Groupe d'entraide mutuelle (GEM)" },
  { code: 'services_accompagnement', label: "Services d'accompagnement (SAVS, SAMSAH, foyer de vie, MAS…)" },
  { code: 'esat', label: "Établissement et service d'aide par le travail (ESAT)" },
  { code: 'structure_soins', label: 'Structure de soins (CMP, hôpital de jour, clinique…)' },
  { code: 'orientation_individuelle', label: 'Orientées individuellement par un·e professionnel·le (soignant·e, travailleur·se social·e…)' },
  { code: 'autre', label: 'Autre relais' },
  { code: 'aucun_relais', label: 'Aucun relais : elles sont venues d’elles-mêmes' },
];

/** Oui / non / ne sait pas, for the questions about events before the coordinator's arrival. */
export const OUI_NON_NSP: Option[] = [
  { code: 'oui', label: 'Oui' },
  { code: 'non', label: 'Non' },
  { code: 'ne_sait_pas', label: 'Je ne sais pas' },
];
