/**
 * ARS Île-de-France "BILAN ACTIVITES 2016 – 2017" of the CLSM (form
 * reproduced in sources/002, lines 4760-5549), item by item, mapped onto the
 * canonical variables of the current version (2027.1). Figure ids are those
 * of `fixtures/reference/published-002.json` (EHESP thesis, 2018).
 *
 * The reconstructed dataset (`fixtures/ars-idf-2016-2017`) was built with
 * 2026.1, where the form's "Oui" in the membership grid could only be
 * `membre`; it stays so (a dataset keeps its version). A bilan of this form
 * entered in 2027.1 takes `membre_presence_non_relevee`, as mapped here.
 */
import type { Instrument, InstrumentItem } from './types.ts';

const OUI_NON = { Oui: 'oui', Non: 'non' };

/** Rows of the membership grid (COPIL and AP columns): ARS label → canonical actor code. */
export const ACTEURS_ARS: [label: string, code: string][] = [
  ['Maire/ élu local', 'elus'],
  ['Psychiatrie publique : chef de pôle/secteur', 'psychiatrie_adulte'],
  ['Pédopsychiatrie', 'pedopsychiatrie'],
  ['Unafam', 'unafam'],
  ['Association d’usagers', 'associations_usagers'],
  ['ASV', 'asv'],
  ['Programme de réussite éducative', 'programme_reussite_educative'],
  ['CCAS', 'ccas'],
  ['Psychiatrie publique : cadre de santé, infirmiers, AS …', 'psychiatrie_equipes'],
  ['Centre municipal de santé', 'centre_municipal_sante'],
  ['Médecins généralistes', 'medecins_generalistes'],
  ['Structures sociales (associations tutélaires, CHRS..)', 'structures_sociales'],
  ['Structures médico-sociales (SAVS, SAMSAH, ..)', 'structures_medico_sociales'],
  ['Bailleurs sociaux', 'bailleurs_sociaux'],
  ['Education nationale', 'education_nationale'],
  ['Police', 'police'],
  ['Justice', 'justice'],
  ['Associations de quartiers', 'associations_quartiers'],
  ['Agence régionale de santé (DT)', 'ars_delegation'],
  ['Conseil Général', 'conseil_departemental'],
  ['MDPH', 'mdph'],
  ['Hôpital du territoire', 'etablissements_mco'],
  ['Structures culturelles', 'structures_culturelles'],
  ['ARS', 'ars_siege'],
];

/** Rows of the working-groups table (5n): ARS label → canonical theme code. */
export const THEMES_ARS: [label: string, code: string][] = [
  ['Observation/ diagnostic territorial de santé', 'observation_diagnostic'],
  ['Formation croisée (renseigner la thématique)', 'formation_croisee'],
  ['Accès aux soins', 'acces_soins'],
  ['Prévention précoce (enfants 0-8 ans)', 'prevention_precoce'],
  ['Insertion sociale', 'insertion_sociale'],
  ['Logement/ habitat', 'logement_habitat'],
  ['Activités culturelles et de loisirs', 'activites_culturelles'],
  ['Contribution à la réduction des inégalités socio-territoriales de la santé mentale', 'inegalites_socio_territoriales'],
  ['Sensibilisation, information en santé mentale', 'sensibilisation_information'],
  ['Semaine d’information en santé mentale', 'sism'],
  ['Cellule de concertation pour situations individuelles complexes', 'cellule_situations_complexes'],
  ['Soins sous contrainte', 'soins_sans_consentement'],
  ['La santé mentale des enfants', 'sm_enfants'],
  ['La santé mentale des adolescents', 'sm_adolescents'],
  ['Gestion des situations d’urgence', 'gestion_urgences'],
  ['Promotion de l’accès à la citoyenneté des usagers', 'citoyennete'],
  ['Amélioration de l’accès aux loisirs et à la culture des usagers', 'loisirs_culture'],
  ['Promotion d’outils d’accompagnement des personnes atteintes de troubles psychiques', 'outils_accompagnement'],
  ['Autres', 'autre'],
];

const membershipRows: InstrumentItem[] = [
  ...ACTEURS_ARS.map(([label, code]) => ({
    ref: `Membres — ${label}`,
    label: `Membres du comité de pilotage et de l’assemblée plénière : ${label} (oui / non par instance)`,
    variables: [`copil_membre__${code}`, `ap_membre__${code}`],
    options: { Oui: 'membre_presence_non_relevee', Non: 'non_invite' },
    figures: ['ars_copil_membres', 'ars_ap_membres'],
    note: 'Le formulaire ne distinguait pas invité·e et présent·e : « Oui » = membre dont la présence n’est pas relevée (2027.1 ; « membre » dans le jeu reconstruit en 2026.1), compté comme membre dans les parts de membres ; « Non » est repris en non_invite faute de mieux.',
  })),
  {
    ref: 'Membres — Autres*',
    label: 'Autres* (lesquelles ?), deux lignes',
    variables: ['copil_membres_autres', 'ap_membres_autres'],
    note: 'Les lignes libres deviennent un texte par instance.',
  },
];

const themeRows: InstrumentItem[] = THEMES_ARS.map(([label, code]) =>
  code === 'cellule_situations_complexes'
    ? {
        ref: `5n — ${label}`,
        label: `Groupe de travail « ${label} » : mis en place, composition du groupe (nom et fonction), action réalisée`,
        variables: ['cellule_existe', `gt_theme__${code}`, 'participation_usagers__cellule'],
        options: { Oui: 'oui', Non: 'non' },
        figures: ['ars_themes_groupes_travail', 'ars_tableau1_caracterisation'],
        note: 'Depuis 2027.1, la cellule est demandée une seule fois (section 4) ; la thématique en est dérivée. « EC » (en cours) → « non » à la cellule (elle ne fonctionne pas encore).',
      }
    : {
        ref: `5n — ${label}`,
        label: `Groupe de travail « ${label} » : mis en place, composition du groupe (nom et fonction), action réalisée`,
        variables: [`gt_theme__${code}`, `gt_participants__${code}`, `gt_usagers__${code}`, `gt_action__${code}`, ...(code === 'autre' ? ['gt_theme_autre_precision'] : [])],
        options: { Oui: 'oui', Non: 'non' },
        figures: ['ars_themes_groupes_travail', 'ars_tableau1_caracterisation'],
        note: 'La composition nominative n’est plus demandée : nombre de participant·es et présence de personnes concernées ; « EC » (en cours) → en_cours.',
      },
);

export const arsIdf20162017: Instrument = {
  id: 'ars-idf-2016-2017',
  title: 'ARS Île-de-France — bilan d’activités 2016-2017 des CLSM',
  year: 2017,
  source: 'sources/002, lignes 4760-5549',
  items: [
    { ref: 'En-tête — CLSM de', label: 'Conseil local de santé mentale (CLSM) de ___', variables: ['clsm_id'], figures: ['ars_bilans_recus', 'ars_non_retour'], note: 'Le nom vient du registre des CLSM.' },
    { ref: 'En-tête — accord CCOMS', label: 'Accord pour partager le présent bilan d’activités avec le CCOMS', variables: ['consentement_ccoms'], options: OUI_NON },
    { ref: 'En-tête — rempli par', label: 'Document rempli par (nom et fonction)', variables: ['rempli_par_fonction'], note: 'Seule la fonction est demandée.' },
    { ref: 'En-tête — émergence', label: "Date d'émergence du projet CLSM", variables: ['annee_emergence_projet'], note: 'Date libre → année.' },
    { ref: 'En-tête — mise en place officielle', label: 'Date de la mise en place officielle du CLSM', variables: ['annee_creation'], note: 'Date libre → année.' },

    { ref: '1a', label: 'Est-ce que votre CLSM a un coordonnateur ?', variables: ['coord_existe'], options: OUI_NON },
    { ref: '1b', label: 'Nom, Prénom du coordonnateur', variables: ['coord_intitule_poste'], note: 'Donnée personnelle non reprise : l’intitulé du poste la remplace.' },
    { ref: '1c', label: 'Date de prise de poste', variables: ['coord_annee_prise_poste'], note: 'JJ/MM/AAAA → année.' },
    { ref: '1d', label: 'Quotité d’ETP consacré au CLSM : 0.5 ETP / 1 ETP / Autre', variables: ['coord_etp'], options: { '0.5 ETP': '0.5', '1 ETP': '1' }, note: '« Autre : ___ ETP » → la valeur saisie.' },
    { ref: '1e', label: 'Quel est le service de rattachement du coordonnateur ?', variables: ['coord_service_rattachement', 'coord_employeur'], note: 'Texte libre ; l’employeur est désormais demandé en choix fermé.' },
    {
      ref: '1f',
      label: 'Formation initiale principale du coordonnateur',
      variables: ['coord_formation', 'coord_formation_autre'],
      options: { Médecin: 'medecine', Psychologue: 'psychologie', 'Educateur spécialisé': 'travail_social', Sociologue: 'sociologie', Autre: 'autre' },
    },
    { ref: '1g', label: 'Etudes ou expérience complétés par une formation qualifiante en santé publique (DU, DESS) ?', variables: ['coord_formation_sante_publique'], options: OUI_NON },
    {
      ref: '1h',
      label: 'Avez-vous suivi, ou êtes-vous inscrit, la formation CNFPT « Conseil local de santé mentale : méthodes et pratiques » ?',
      variables: ['coord_formation_cnfpt'],
      options: { Non: 'non', 'Oui – Niveau 1': 'niveau_1', 'Oui – Niveau 2': 'niveau_2' },
    },

    { ref: '2a', label: 'Territoire du CLSM', variables: ['terr_communes_insee', 'terr_echelle'], note: 'Texte libre → communes du code officiel géographique (2027.1).' },
    {
      ref: '2a — appels à projets',
      label: 'Cocher la case si vous avez répondu à l’appel à projets 2012, 2013, 2014, 2015, 2016, 2017',
      variables: ['aap_ars_premiere_annee', 'aap_ars_annee'],
      note: 'Les cases par année deviennent l’année du premier appel à projets et la réponse dans l’année du bilan.',
    },
    { ref: '2b', label: 'Nombre total d’habitants du territoire', variables: ['terr_population'], note: 'Saisi en 2026.1 ; depuis 2027.1, calculé à partir des populations légales des communes choisies.' },
    { ref: '2c', label: 'Quel est l’IDH2 du territoire du CLSM ?', variables: ['terr_idh2'] },
    { ref: '2d', label: 'Un diagnostic local de santé a été réalisé ? Si oui, par quel dispositif ? ASV / CLS / Autre', variables: ['terr_diagnostic_local_sante', 'terr_diagnostic_dispositif'], options: { Oui: 'oui', Non: 'non', ASV: 'asv', CLS: 'cls', Autre: 'autre' } },
    {
      ref: '2e',
      label: 'Quartiers concernés par le CLSM : toute la(es) ville(s) / des quartiers ; nommer les quartiers',
      variables: ['terr_echelle', 'terr_quartiers'],
      options: { 'des quartiers': 'infracommunal' },
      note: '« toute la(es) ville(s) » → communal (une ville) ou intercommunal (plusieurs).',
    },
    { ref: '2f', label: 'Est-ce que le territoire a des quartiers prioritaires de la politique de la ville ? Si oui, les nommer', variables: ['terr_qpv', 'terr_qpv_noms'], options: OUI_NON, figures: ['ars_qpv'] },
    {
      ref: '2g',
      label: 'Quels sont les secteurs de psychiatrie adultes et de pédopsychiatrie présents sur le territoire (avec l’établissement de rattachement) ?',
      variables: ['terr_nb_secteurs_psy_adulte', 'terr_nb_secteurs_pedopsy', 'terr_etablissements_psy'],
      note: 'Liste libre → nombre de secteurs de chaque type ; établissements en texte.',
    },
    {
      ref: '2h',
      label: 'Quelles sont les associations d’usagers de la psychiatrie, ou de leurs proches, présents sur le territoire ?',
      variables: ['terr_associations', 'terr_associations_autres'],
      options: { Unafam: 'unafam', 'France Dépression': 'france_depression', FNAPSY: 'fnapsy', 'Autre(s)': 'autre' },
    },
    { ref: '2i', label: 'Une équipe mobile psychiatrie précarité (EMPP) intervient-elle sur le territoire ?', variables: ['terr_empp'], options: OUI_NON },
    { ref: '2j', label: 'Un centre de santé (municipal ou associatif) existe-t-il sur le territoire ?', variables: ['terr_centre_sante'], options: OUI_NON },
    { ref: '2k', label: 'Des établissements médico-sociaux sont-ils implantés sur le territoire ? Si oui lesquels ?', variables: ['terr_etab_medico_sociaux', 'terr_etab_medico_sociaux_liste'], options: OUI_NON },
    { ref: '2l', label: 'Des établissements sociaux sont-ils implantés sur le territoire ? Si oui, lesquels ?', variables: ['terr_etab_sociaux', 'terr_etab_sociaux_liste'], options: OUI_NON },

    {
      ref: '3a',
      label: "Quel(s) acteur(s) est à l'initiative du CLSM ?",
      variables: ['genese_initiateurs', 'genese_initiateurs_autres'],
      options: {
        'Psychiatrie secteur adultes': 'psychiatrie_adulte',
        Pédopsychiatrie: 'pedopsychiatrie',
        'Services municipaux': 'services_municipaux',
        Elus: 'elus',
        Unafam: 'unafam',
        'Association d’usagers de la psychiatrie': 'associations_usagers',
        'Autre(s)': 'autre',
      },
      figures: ['ars_initiateurs'],
    },
    { ref: '3b', label: 'Délai entre la 1ère réunion (ville et secteur psychiatrique) et le lancement formel du CLSM', variables: ['genese_delai_mois'], note: 'Texte libre → nombre de mois.' },
    { ref: '3c', label: "Appui méthodologique de la Délégation départementale de l’ARS IdF ? Si oui, lequel ?", variables: ['appui_methodologique__ars_delegation', 'appui_methodologique_detail'], options: OUI_NON, figures: ['ars_appui_dd'] },
    { ref: '3d', label: "Appui méthodologique du CCOMS ? Si oui, lequel ?", variables: ['appui_methodologique__ccoms', 'appui_methodologique_detail'], options: OUI_NON },
    { ref: '3e', label: "Appui méthodologique du PSYCOM ? Si oui, lequel ?", variables: ['appui_methodologique__psycom', 'appui_methodologique_detail'], options: OUI_NON },
    { ref: '3f', label: "Appui méthodologique d’un autre opérateur ? Si oui, lequel ?", variables: ['appui_methodologique__autre', 'appui_methodologique_detail'], options: OUI_NON },

    { ref: '4a', label: 'Qui préside le CLSM (nom et fonction) ?', variables: ['presidence_clsm', 'presidence_clsm_autre'], note: 'La fonction seulement, en choix fermé.' },
    {
      ref: '4b',
      label: 'Existe-t-il une assemblée plénière ? Si oui, combien de réunions : en 2014 ? en 2015 ?',
      variables: ['ap_existe', 'ap_nb_reunions'],
      options: OUI_NON,
      figures: ['ars_ap_existence'],
      note: 'Les années erronées du formulaire deviennent l’année du bilan.',
    },
    { ref: '4c', label: 'L’assemblée est-elle ouverte au public ?', variables: ['ap_ouverte_public'], options: OUI_NON },
    {
      ref: '4d',
      label: 'Quels sont les élus ayant participé à l’assemblée plénière ?',
      variables: ['ap_elus'],
      options: { Maire: 'maire', Santé: 'sante', Handicap: 'handicap', 'Politique de la ville': 'politique_ville', Sécurité: 'securite', Autres: 'autre' },
      figures: ['ars_ap_elus'],
    },
    { ref: '4e', label: 'Existe-t-il un comité de pilotage ?', variables: ['copil_existe'], options: OUI_NON, figures: ['ars_copil_existence'] },
    {
      ref: '4f',
      label: 'Est-ce que le maire préside le comité de pilotage ? Si non, qui préside ?',
      variables: ['copil_presidence', 'copil_presidence_autre'],
      options: { Oui: 'maire' },
      note: '« Non » → l’une des autres présidences, selon le texte libre.',
    },
    {
      ref: '4g',
      label: 'Quel est le rôle de la psychiatrie publique au comité de pilotage ? Pédopsychiatrie ; Psychiatrie adultes',
      variables: ['copil_role_pedopsychiatrie', 'copil_role_psychiatrie_adulte'],
      note: 'Texte libre → rôle en choix fermé.',
    },
    ...membershipRows,

    { ref: '5a', label: 'Quels sont les objectifs prévus du CLSM pour l’année 2016 et/ou 2017 ?', variables: ['objectifs_annee'] },
    { ref: '5b', label: 'Ces objectifs ont-ils évolué ? Si oui, préciser ces évolutions', variables: ['objectifs_evolution', 'objectifs_evolution_detail'], options: OUI_NON },
    {
      ref: '5c',
      label: 'Un diagnostic local / territorial en santé mentale a été réalisé ? Si oui, pour quel dispositif ? ASV / CLS / CLSM / Autre',
      variables: ['diag_sante_mentale', 'diag_sante_mentale_dispositif'],
      options: { Oui: 'oui', Non: 'non', ASV: 'asv', CLS: 'cls', CLSM: 'clsm', Autre: 'autre' },
      figures: ['ars_diagnostic_sante_mentale'],
    },
    { ref: '5d', label: 'Une fonction de veille et d’alerte est mise en place dans le cadre de cette observation ?', variables: ['veille_alerte'], options: OUI_NON },
    {
      ref: '5e',
      label: 'Avez-vous mis en place des outils de communication ? Si oui, lesquels ? Si non, pour quelles raisons ?',
      variables: ['communication_outils', 'communication_outils_liste', 'communication_raisons_absence'],
      options: OUI_NON,
    },
    { ref: '5f', label: "Est-ce qu'un atelier santé ville (ASV) est présent sur le territoire ?", variables: ['terr_asv'], options: OUI_NON },
    { ref: '5g', label: 'Si oui, est-ce que le coordonnateur ASV fait partie du comité de pilotage du CLSM ?', variables: ['copil_membre__asv'], options: { Oui: 'membre_presence_non_relevee', Non: 'non_invite' }, note: 'Sans ASV : « sans objet » (2027.1).' },
    { ref: '5h', label: 'D’autres formes de coordination existent avec l’ASV ou la politique de la ville ? Si oui, lesquelles ?', variables: ['coordination_politique_ville', 'coordination_politique_ville_detail'], options: OUI_NON },
    { ref: '5i', label: "Est-ce qu'un Contrat Local de Santé (CLS) a été signé ? Si oui, quelles sont les articulations CLS/CLSM ?", variables: ['terr_cls', 'cls_articulation'], options: OUI_NON },
    { ref: '5j', label: 'Est-ce que le CLS a un coordonnateur ?', variables: ['cls_coordonnateur'], options: OUI_NON },
    { ref: '5k', label: 'Si oui, est-ce qu’il participe au comité de pilotage du CLSM ?', variables: ['copil_membre__coordinateur_cls'], options: { Oui: 'membre_presence_non_relevee', Non: 'non_invite' }, note: 'Sans CLS, ou coordonnateur·rice CLS et CLSM même personne : « sans objet » (2027.1).' },
    { ref: '5l', label: 'Un bilan annuel du CLSM a été réalisé ? 2016 ___ 2017 ___', variables: ['bilan_precedent_realise'], options: OUI_NON, note: 'Réalisé ou non (l’indicateur de la thèse) ; en 2026.1, bilan_annuel_diffuse le confondait avec sa diffusion.' },
    { ref: '5m', label: 'Si oui, a-t-il été restitué à la population ?', variables: ['bilan_precedent_diffusion__population', 'bilan_restitution_population'], options: OUI_NON, figures: ['ars_bilan_annuel_restitue'], note: 'Une destination de la diffusion en 2027.1 ; bilan_restitution_population (saisie en 2026.1) en est dérivée.' },
    { ref: '5n', label: 'Groupes de travail mis en place au sein du CLSM (thématique, mis en place, composition, action réalisée)', variables: THEMES_ARS.map(([, code]) => `gt_theme__${code}`), note: 'Aucun nombre de réunions n’était demandé : gt_reunions__* sont nouveaux (gt_nb_reunions en est la somme depuis 2027.1).' },
    ...themeRows,
    {
      ref: 'Financements',
      label: 'Avez-vous des financements spécifiques pour les actions mises en place ? Type d’actions ; financement (source du financement, montant annuel)',
      variables: ['financements_specifiques', 'financements_actions'],
      note: 'Item numéroté « f » par erreur à la fin de la section 5 ; le tableau devient un groupe répété (type d’action, source, montant annuel).',
    },

    {
      ref: '6',
      label: 'D’après vous, quels sont les principaux effets de la constitution du CLSM pour la Mairie et la Ville, la Psychiatrie, les associations d’usagers ou de leurs proches, les habitants, les autres partenaires ?',
      variables: ['effets_ville', 'effets_psychiatrie', 'effets_associations', 'effets_habitants', 'effets_partenaires'],
      note: 'Demandé désormais comme effets observés dans l’année.',
    },
    { ref: '7', label: 'Quels sont vos souhaits en terme de formation, échanges, mutualisation, évolution réglementaire… ?', variables: ['souhaits_types', 'souhaits'] },
    { ref: '8', label: 'Commentaires libres (projets au sein du CLSM, difficultés rencontrées, nouveaux partenariats...)', variables: ['commentaires'] },
  ],
};
