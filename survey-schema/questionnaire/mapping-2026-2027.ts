/**
 * From 2026.1 to 2027.1, variable by variable: what is renamed, recoded,
 * split or dropped. A 2026.1 variable not listed here keeps its name and its
 * codes in 2027.1 (codes may have been added). Applied by `migrateAnswers`
 * (prefill of a 2027 bilan from a 2026.1 one) and by `flattenHarmonised`
 * (the indicators over both versions); listed in the codebook.
 */
import type { VersionMappingInput } from '../versions.ts';

export const mapping2026To2027: VersionMappingInput = {
  de: '2026.1',
  vers: '2027.1',
  variables: [
    {
      de: 'terr_communes',
      supprimee:
        'Texte libre : les communes sont désormais choisies dans le code officiel géographique (terr_communes_insee). Une liste libre ne se convertit pas sans risque d’erreur : à choisir une fois, puis reprise d’année en année.',
    },
    {
      de: 'terr_population',
      supprimee:
        'Désormais calculée (variable dérivée du même nom) à partir des populations légales des communes choisies ; dans les indicateurs, un bilan 2026.1 garde la population saisie.',
    },
    {
      de: 'gt_nb_reunions',
      supprimee: 'Doublon des réunions par thématique : en 2027.1, variable dérivée du même nom (somme de gt_reunions__*) ; un bilan 2026.1 garde le total saisi.',
    },
    {
      de: 'gt_themes',
      lignes: { cellule_situations_complexes: null },
      note: 'La ligne « situations complexes » n’est plus demandée dans les groupes de travail : gt_theme__, gt_reunions__ et gt_usagers__cellule_situations_complexes sont dérivées de la cellule (section 4) ; gt_participants__ et gt_action__cellule_situations_complexes n’ont plus d’équivalent.',
    },
    {
      de: 'participation_relais',
      codes: { aucun: null },
      note: 'Demandée seulement si des personnes concernées ont participé : « aucune personne ne participe » se lit dans la participation par espace ; « orientation individuelle » et « aucun relais (venues d’elles-mêmes) » sont ajoutés.',
    },
    {
      de: 'bilan_annuel_diffuse',
      eclate: { oui: { bilan_precedent_realise: 'oui', bilan_precedent_diffusion: ['membres', 'financeurs'] } },
      note: '« Diffusé aux membres et financeurs » suppose le bilan réalisé ; « non » ne dit pas s’il l’a été : non repris. La variable 2026.1 reste calculable en 2027.1 (dérivée du même nom).',
    },
    {
      de: 'bilan_restitution_population',
      eclate: { oui: { bilan_precedent_realise: 'oui', bilan_precedent_diffusion: ['population'] } },
      note: 'La restitution à la population devient une destination de la diffusion du bilan de l’année précédente (dérivée du même nom en 2027.1).',
    },
    { de: 'copil_membre', note: 'Codes inchangés ; ajoutés : « membre, présence non relevée » et « sans objet ». Demandée seulement si le COPIL s’est réuni dans l’année.' },
    { de: 'ap_membre', note: 'Codes inchangés ; ajoutés : « membre, présence non relevée », « sans objet » et « ne sait pas ». Demandée seulement si l’AP s’est réunie dans l’année.' },
    { de: 'terr_resad', note: 'Oui / non devient un choix oui / non / ne sait pas (mêmes codes) ; demandé en Île-de-France seulement.' },
    { de: 'terr_diagnostic_local_sante', note: 'Oui / non devient oui / non / ne sait pas (mêmes codes) ; année du dernier diagnostic ajoutée.' },
    { de: 'diag_sante_mentale', note: 'Oui / non devient oui / non / ne sait pas (mêmes codes) ; année du dernier diagnostic ajoutée.' },
    { de: 'priorites_evolution', note: 'Oui / non devient oui / non / ne sait pas (mêmes codes).' },
    { de: 'objectifs_annee', note: 'Même variable, déplacée en tête de la section 5.' },
  ],
};
