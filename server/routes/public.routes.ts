/**
 * The open data (prefix /api/public, no login): France's and the régions'
 * indicators of a year from the bilans whose CLSM consented to share them
 * with the CCOMS, small cells masked with their complements
 * (analytics/masking.ts), under the Licence Ouverte.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PUBLIC_MIN_CELL } from '../../analytics/index.ts';
import { notFound } from '../errors.ts';
import { OPEN_DATA_LICENCE } from '../services/analytics.service.ts';
import { Annee } from './schemas.ts';

const PublicQuery = z.strictObject({ annee: Annee.optional().describe('Année d’activité (défaut : la plus récente publiée)') });

export const publicRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['données ouvertes'];
  const serialised = new WeakMap<object, string>();
  const { analytics } = app.services;
  /** The year asked, or the latest with consented bilans; 404 when none. */
  const yearOf = async (annee: number | undefined): Promise<number> => {
    const years = await analytics.publicYears();
    const found = annee ?? years[0]?.annee;
    if (found === undefined || !years.some((y) => y.annee === found)) throw notFound(`Aucune donnée publiée pour ${annee ?? 'aucune année'} (années publiées : ${years.map((y) => y.annee).join(', ') || 'aucune'}).`);
    return found;
  };

  app.get(
    '/indicators',
    { schema: { tags, summary: 'Indicateurs publics d’une année : France (group {}) et régions (group { region }), bilans partagés avec le CCOMS, secret statistique appliqué (sans connexion)', querystring: PublicQuery } },
    async (request, reply) => {
      const annee = await yearOf(request.query.annee);
      const set = await analytics.publicSet(annee);
      // Serialised once per computation: the same half megabyte for every reader.
      let body = serialised.get(set);
      if (!body) serialised.set(set, (body = JSON.stringify(await document(annee, set))));
      return reply.header('access-control-allow-origin', '*').type('application/json; charset=utf-8').send(body);
    },
  );

  /** The open data of a year with what a reuser needs to read it: source, licence, masking rule. */
  async function document(annee: number, set: Awaited<ReturnType<typeof analytics.publicSet>>) {
    const { indicators } = await analytics.publicJson(annee);
    return {
      annee,
      source: 'Bilans d’activités des conseils locaux de santé mentale (CLSM) envoyés ou validés, dont le CLSM a accepté le partage avec le CCOMS',
      licence: OPEN_DATA_LICENCE,
      secret_statistique: `Une case de 1 à ${PUBLIC_MIN_CELL - 1} bilans est masquée (n et pct à null, masked: true), avec au moins une case complémentaire de son groupe ou de sa colonne, de sorte qu’aucune valeur masquée ne se déduise par soustraction ; une région de moins de ${PUBLIC_MIN_CELL} bilans est masquée en entier (N à null), avec une seconde région si elle est seule.`,
      bilans: set.bilans,
      regions: set.regionBilans,
      indicators,
    };
  }

  app.get(
    '/indicators.csv',
    { schema: { tags, summary: 'Les mêmes indicateurs publics en CSV (`;`, UTF-8 avec BOM)', querystring: PublicQuery } },
    async (request, reply) => {
      const annee = await yearOf(request.query.annee);
      return reply
        .type('text/csv; charset=utf-8')
        .header('access-control-allow-origin', '*')
        .header('content-disposition', `attachment; filename="indicateurs-clsm-${annee}-donnees-ouvertes.csv"`)
        .send(await analytics.publicCsv(annee));
    },
  );
};
