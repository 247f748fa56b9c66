/**
 * The canonical questionnaire "bilan annuel CLSM".
 *
 * Every question is about the campaign year `{annee}` (the activity year of
 * the campaign). Variable names are a contract with analysts, imports and
 * exports: never rename one in place; add a new version instead.
 */
import { QuestionnaireSchema, type QuestionnaireInput } from '../meta-schema.ts';
import { ACTEURS, ESPACES, STATUT_MEMBRE, STATUT_THEME, THEMES } from './lists.ts';

const OUI = (variable: string) => ({ var: variable, eq: 'oui' }) as const;

const definition = {
  id: 'bilan_annuel_clsm',
  version: '2026.1',
  title: "Bilan d'activités annuel du conseil local de santé mentale (CLSM)",
  sections: [
    {
      id: 'identification',
      number: 0,
      title: 'Identification du CLSM',
      intro: "Ce bilan porte sur l'activité du CLSM pendant l'année {annee}. Il est rempli par le ou la coordonnateur·rice.",
      questions: [
        {
          kind: 'oui_non',
          variable: 'consentement_ccoms',
          label: 'Acceptez-vous que ce bilan soit partagé avec le CCOMS (centre national de ressources et d’appui aux CLSM) ?',
          shortLabel: 'Accord de partage avec le CCOMS',
          help: "Le CCOMS n'utilise que les bilans des CLSM qui l'acceptent, pour l'état des lieux national. Aucune donnée nominative n'est partagée.",
          required: true,
        },
        {
          kind: 'annee',
          variable: 'annee_creation',
          label: 'En quelle année le CLSM a-t-il été officiellement créé (signature de la convention ou premier comité de pilotage) ?',
          shortLabel: 'Année de création officielle du CLSM',
          min: 1980,
          required: true,
        },
      ],
    },
    {
      id: 'coordination',
      number: 1,
      title: 'Coordination',
      questions: [
        {
          kind: 'decimal',
          variable: 'coord_etp',
          label: 'Temps de coordination consacré au CLSM au 31 décembre {annee}, en équivalent temps plein (ETP)',
          shortLabel: 'Temps de coordination (ETP)',
          help: 'Un temps plein = 1 ; un mi-temps = 0,5. Indiquez 0 si le poste est vacant.',
          min: 0,
          max: 5,
          step: 0.05,
          unit: 'ETP',
          required: true,
        },
        {
          kind: 'annee',
          variable: 'coord_annee_prise_poste',
          label: 'En quelle année le ou la coordonnateur·rice actuel·le a-t-il ou elle pris son poste ?',
          shortLabel: 'Année de prise de poste du ou de la coordonnateur·rice',
          min: 1980,
          condition: { var: 'coord_etp', gte: 0.01 },
        },
      ],
    },
    {
      id: 'territoire',
      number: 2,
      title: 'Territoire',
      questions: [
        {
          kind: 'entier',
          variable: 'terr_population',
          label: 'Population couverte par le CLSM (nombre d’habitant·es)',
          shortLabel: 'Population couverte',
          help: 'Dernier recensement connu (INSEE) de l’ensemble des communes ou quartiers couverts.',
          min: 0,
          max: 10_000_000,
          unit: 'habitant·es',
          required: true,
        },
      ],
    },
    {
      id: 'gouvernance',
      number: 4,
      title: 'Gouvernance',
      questions: [
        {
          kind: 'oui_non',
          variable: 'copil_existe',
          label: 'Le CLSM a-t-il un comité de pilotage (COPIL) ?',
          shortLabel: 'Existence d’un comité de pilotage',
          required: true,
          heading: 'Comité de pilotage',
        },
        {
          kind: 'entier',
          variable: 'copil_nb_reunions',
          label: 'Nombre de réunions du comité de pilotage en {annee}',
          shortLabel: 'Nombre de réunions du comité de pilotage',
          help: 'Le cahier des charges demande au moins deux réunions par an.',
          min: 0,
          max: 50,
          unit: 'réunions',
          required: true,
          condition: OUI('copil_existe'),
        },
        {
          kind: 'entier',
          variable: 'copil_nb_membres',
          label: 'Nombre de sièges au comité de pilotage',
          shortLabel: 'Sièges au comité de pilotage',
          min: 0,
          max: 200,
          required: true,
          condition: OUI('copil_existe'),
        },
        {
          kind: 'entier',
          variable: 'copil_nb_usagers',
          label: 'Dont sièges occupés par des personnes concernées (usager·es, personnes ayant un vécu des troubles psychiques)',
          shortLabel: 'Sièges du COPIL occupés par des personnes concernées',
          min: 0,
          max: 200,
          required: true,
          condition: OUI('copil_existe'),
        },
        {
          kind: 'grille',
          variable: 'copil_membre',
          label: 'Composition du comité de pilotage en {annee}',
          shortLabel: 'Composition du COPIL',
          help: '« Membre, présent·e » : a siégé au moins une fois dans l’année. « Invité·e, non présent·e » : invité·e mais jamais venu·e.',
          required: true,
          condition: OUI('copil_existe'),
          rows: ACTEURS,
          columns: [{ variable: 'copil_membre', label: 'Participation au COPIL', cell: { kind: 'choix_unique', options: STATUT_MEMBRE } }],
        },
        {
          kind: 'oui_non',
          variable: 'ap_existe',
          label: 'Le CLSM a-t-il une assemblée plénière (AP) ?',
          shortLabel: 'Existence d’une assemblée plénière',
          required: true,
          heading: 'Assemblée plénière',
        },
        {
          kind: 'entier',
          variable: 'ap_nb_reunions',
          label: "Nombre de réunions de l'assemblée plénière en {annee}",
          shortLabel: "Nombre de réunions de l'assemblée plénière",
          min: 0,
          max: 20,
          unit: 'réunions',
          required: true,
          condition: OUI('ap_existe'),
        },
        {
          kind: 'grille',
          variable: 'ap_membre',
          label: "Composition de l'assemblée plénière en {annee}",
          shortLabel: "Composition de l'assemblée plénière",
          required: true,
          condition: OUI('ap_existe'),
          rows: ACTEURS,
          columns: [{ variable: 'ap_membre', label: "Participation à l'assemblée plénière", cell: { kind: 'choix_unique', options: STATUT_MEMBRE } }],
        },
        {
          kind: 'oui_non',
          variable: 'cellule_existe',
          label: 'Le CLSM a-t-il une cellule de situations complexes (ou RESAD) ?',
          shortLabel: 'Existence d’une cellule de situations complexes',
          required: true,
          heading: 'Cellule de situations complexes',
        },
      ],
    },
    {
      id: 'groupes_travail',
      number: 5,
      title: 'Groupes de travail',
      questions: [
        {
          kind: 'entier',
          variable: 'gt_nb_reunions',
          label: 'Nombre total de réunions des groupes de travail en {annee} (tous groupes confondus)',
          shortLabel: 'Nombre de réunions des groupes de travail',
          min: 0,
          max: 500,
          unit: 'réunions',
          required: true,
        },
        {
          kind: 'grille',
          variable: 'gt_themes',
          label: 'Thématiques travaillées en groupe de travail en {annee}',
          shortLabel: 'Thématiques des groupes de travail',
          required: true,
          rows: THEMES,
          columns: [
            { variable: 'gt_theme', label: 'Groupe de travail', cell: { kind: 'choix_unique', options: STATUT_THEME } },
            {
              variable: 'gt_reunions',
              label: 'Réunions en {annee}',
              cell: { kind: 'entier', min: 0, max: 200 },
              required: false,
              condition: { var: 'gt_theme__{row}', in: ['oui', 'en_cours'] },
            },
            {
              variable: 'gt_usagers',
              label: 'Des personnes concernées y participent',
              cell: { kind: 'oui_non' },
              required: false,
              condition: { var: 'gt_theme__{row}', in: ['oui', 'en_cours'] },
            },
          ],
        },
      ],
    },
    {
      id: 'participation',
      number: 6,
      title: 'Participation des personnes concernées',
      questions: [
        {
          kind: 'grille',
          variable: 'participation_usagers',
          label: 'Des personnes concernées (usager·es, personnes ayant un vécu des troubles psychiques) participent-elles à ces espaces du CLSM ?',
          shortLabel: 'Participation des personnes concernées par espace',
          required: true,
          rows: ESPACES,
          columns: [{ variable: 'participation_usagers', label: 'Participation', cell: { kind: 'oui_non' } }],
        },
      ],
    },
  ],
  glossary: [
    { term: 'CLSM', definition: 'Conseil local de santé mentale.' },
    { term: 'COPIL', definition: 'Comité de pilotage : l’instance stratégique qui décide des orientations du CLSM.' },
    { term: 'AP', definition: 'Assemblée plénière : réunit tous les partenaires du CLSM, au moins une fois par an.' },
  ],
} satisfies QuestionnaireInput;

export const bilanAnnuel = QuestionnaireSchema.parse(definition);
