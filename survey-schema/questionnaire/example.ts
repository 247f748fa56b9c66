/**
 * Complete, realistic bilans (every required question answered, most
 * optional ones too) of each version: used by tests, documentation and demo
 * data. A CLSM created in 2014 in Montreuil, with a COPIL, an AP and a cellule.
 */
import type { Answers, GridValue } from '../kinds.ts';
import { ACTEURS, ESPACES, THEMES } from './lists.ts';

const membres = (present: string[], invites: string[], column: string): GridValue =>
  Object.fromEntries(
    ACTEURS.map((a) => [a.code, { [column]: present.includes(a.code) ? 'membre' : invites.includes(a.code) ? 'invite_absent' : 'non_invite' }]),
  );

const THEMES_EN_PLACE: Record<string, { reunions: number; participants: number; usagers: 'oui' | 'non'; action?: string }> = {
  cellule_situations_complexes: { reunions: 10, participants: 12, usagers: 'non' },
  logement_habitat: { reunions: 4, participants: 9, usagers: 'oui', action: 'Convention avec deux bailleurs sociaux' },
  sism: { reunions: 3, participants: 15, usagers: 'oui', action: 'Ciné-débat et forum des associations' },
  sm_adolescents: { reunions: 2, participants: 7, usagers: 'non' },
};

/** The example bilan of version 2026.1. @example validateSubmission(getQuestionnaire('2026.1'), exampleBilan2026(), { annee: 2025 }).ok; // true */
export function exampleBilan2026(): Answers {
  return {
    consentement_ccoms: 'oui',
    rempli_par_fonction: 'coordonnateur',
    annee_emergence_projet: 2012,
    annee_creation: 2014,

    coord_existe: 'oui',
    coord_intitule_poste: 'Coordonnatrice du conseil local de santé mentale',
    coord_annee_prise_poste: 2023,
    coord_etp: 0.5,
    coord_nb_clsm: 1,
    coord_employeur: 'hopital',
    coord_detache: 'oui',
    coord_service_rattachement: 'Direction de la santé publique de la ville',
    coord_financement: ['ars', 'collectivite'],
    coord_formation: 'sante_publique',
    coord_niveau_diplome: 'bac_5',
    coord_formation_sante_publique: 'oui',
    coord_formation_cnfpt: 'niveau_1',

    terr_communes: 'Ville de Montreuil',
    terr_echelle: 'communal',
    terr_population: 111_000,
    terr_idh2: 0.49,
    terr_qpv: 'oui',
    terr_qpv_noms: 'Bel-Air, Grands Pêchers, La Noue',
    terr_asv: 'oui',
    terr_cls: 'oui',
    terr_resad: 'non',
    terr_diagnostic_local_sante: 'oui',
    terr_diagnostic_dispositif: ['cls'],
    terr_secteur_psy_implante: 'oui',
    terr_nb_secteurs_psy_adulte: 2,
    terr_nb_secteurs_pedopsy: 1,
    terr_etablissements_psy: 'EPS Ville-Évrard',
    terr_associations: ['unafam', 'gem'],
    terr_empp: 'oui',
    terr_centre_sante: 'oui',
    terr_etab_medico_sociaux: 'oui',
    terr_etab_medico_sociaux_liste: 'Un SAMSAH, un ESAT',
    terr_etab_sociaux: 'non',

    genese_initiateurs: ['psychiatrie_adulte', 'elus'],
    genese_usagers_associes: 'non',
    genese_delai_mois: 18,
    appui_methodologique: ['ars_delegation', 'ccoms'],
    appui_methodologique_detail: 'Aide à la rédaction de la convention constitutive',
    aap_ars_premiere_annee: 2013,
    aap_ars_annee: 'non',

    presidence_clsm: 'co_presidence_elu_psychiatrie',
    copil_existe: 'oui',
    copil_presidence: 'co_presidence_elu_psychiatrie',
    copil_nb_reunions: 2,
    copil_nb_membres: 18,
    copil_nb_usagers: 2,
    copil_nb_aidants: 1,
    copil_membre: membres(
      ['elus', 'services_municipaux', 'psychiatrie_adulte', 'pedopsychiatrie', 'unafam', 'associations_usagers', 'gem', 'asv', 'ars_delegation', 'bailleurs_sociaux'],
      ['education_nationale', 'police'],
      'copil_membre',
    ),
    copil_role_psychiatrie_adulte: 'co_presidence',
    copil_role_pedopsychiatrie: 'membre',
    ap_existe: 'oui',
    ap_presidence: 'co_presidence_elu_psychiatrie',
    ap_nb_reunions: 1,
    ap_ouverte_public: 'oui',
    ap_nb_participants: 85,
    ap_elus: ['maire', 'sante'],
    ap_membre: membres(
      ['elus', 'services_municipaux', 'psychiatrie_adulte', 'psychiatrie_equipes', 'pedopsychiatrie', 'unafam', 'associations_usagers', 'gem', 'ccas', 'bailleurs_sociaux', 'police', 'mission_locale'],
      ['justice', 'prefecture'],
      'ap_membre',
    ),
    cellule_existe: 'oui',
    cellule_nb_reunions: 10,
    cellule_nb_situations: 34,

    gt_nb_reunions: 19,
    gt_themes: Object.fromEntries(
      THEMES.map((t) => {
        const g = THEMES_EN_PLACE[t.code];
        if (!g) return [t.code, { gt_theme: t.code === 'parentalite' ? 'en_cours' : 'non' }];
        return [t.code, { gt_theme: 'oui', gt_reunions: g.reunions, gt_participants: g.participants, gt_usagers: g.usagers, ...(g.action ? { gt_action: g.action } : {}) }];
      }),
    ),
    financements_specifiques: 'oui',
    financements_actions: [
      { type_action: 'Semaines d’information sur la santé mentale', source: 'collectivite', montant: 3000 },
      { type_action: 'Formation premiers secours en santé mentale', source: 'ars', montant: 5000 },
    ],

    participation_usagers: Object.fromEntries(ESPACES.map((e) => [e.code, { participation_usagers: e.code === 'cellule' ? 'non' : 'oui' }])),
    niveau_engagement: { copil: { niveau_engagement: 'consultation' }, ap: { niveau_engagement: 'information' }, gt: { niveau_engagement: 'concertation' } },
    participation_reflexion: 'oui',
    participation_profil: 'structuration',
    participation_relais: ['gem', 'association_usagers'],
    participation_professionnels: {
      sanitaire: { participation_professionnels: 'souvent' },
      social: { participation_professionnels: 'souvent' },
      medico_social: { participation_professionnels: 'parfois' },
    },
    freins_participation_professionnels: ['temps_effectifs'],
    freins_participation_usagers: ['reperage', 'lisibilite'],
    usagers_compensation: ['remboursement_frais'],
    usagers_compensation_financeur: ['collectivite'],
    usagers_compensation_montant: 240,
    coord_fiche_poste_engagement: 'oui',
    coord_temps_engagement: 6,
    rencontres_usagers_nb: 5,
    rencontres_usagers_lieux: ['gem'],
    point_contact_public: ['adresse_mail', 'site_internet'],
    structures_contactees: ['gem', 'services_accompagnement'],
    sensibilisation_engagement_nb: 1,
    entretien_nouvel_usager: 'systematique',
    charte_valeurs: 'en_cours',
    accessibilite_reunions: ['langage_clair', 'comptes_rendus'],

    objectifs_annee: 'Consolider le groupe logement ; ouvrir le COPIL aux personnes concernées.',
    objectifs_evolution: 'non',
    priorites_evolution: 'oui',
    diag_sante_mentale: 'oui',
    diag_sante_mentale_dispositif: ['cls'],
    veille_alerte: 'non',
    communication_outils: 'oui',
    communication_outils_liste: ['plaquette', 'article_presse'],
    coordination_politique_ville: 'oui',
    coordination_politique_ville_detail: 'Axe santé mentale du contrat de ville',
    cls_coordonnateur: 'oui',
    cls_articulation: 'Le CLSM porte l’axe santé mentale du CLS.',
    bilan_annuel_diffuse: 'oui',
    bilan_restitution_population: 'non',

    effets_ville: 'Les services municipaux orientent mieux vers le CMP.',
    effets_psychiatrie: 'Moins d’hospitalisations sans consentement évitables.',
    souhaits_types: ['formation', 'echanges'],
    commentaires: 'Poste de coordination à mi-temps : difficile de tenir tous les groupes.',
  };
}

/**
 * The example bilan of the current version (2027.1): the same CLSM, its
 * territory as communes of the official geography, the questions added in
 * 2027.1 answered.
 *
 * @example validateSubmission(getQuestionnaire(), exampleBilan(), { annee: 2027 }).ok; // true
 */
export function exampleBilan(): Answers {
  const {
    terr_communes: _communes,
    terr_population: _population,
    gt_nb_reunions: _reunions,
    bilan_annuel_diffuse: _diffuse,
    bilan_restitution_population: _restitution,
    gt_themes,
    ...rest
  } = exampleBilan2026();
  const themes = Object.fromEntries(
    Object.entries(gt_themes as GridValue)
      .filter(([code]) => code !== 'cellule_situations_complexes')
      .map(([code, cells]) => [code, cells.gt_theme === 'en_cours' ? { ...cells, gt_reunions: 0 } : cells]),
  );
  return {
    ...rest,
    coord_vacance_mois: 0,
    coord_mois_prise_poste: 9,
    coord_financement_ars_montant: 30_000,
    terr_communes_insee: ['93048'],
    terr_resad: 'oui',
    terr_diagnostic_local_sante_annee: 2019,
    cellule_charte_ethique: 'en_cours',
    gt_themes: themes,
    diag_sante_mentale_annee: 2021,
    cls_clsm_inscrit: 'oui',
    cls_axe: 'axe_sante_mentale',
    ptsm_implication: 'participe',
    bilan_precedent_realise: 'oui',
    bilan_precedent_diffusion: ['membres', 'financeurs', 'ars'],
  };
}
