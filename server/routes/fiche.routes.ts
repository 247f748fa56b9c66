/**
 * The yearly fiche in JSON: read (whoever may read the bilan), publish and
 * withdraw its public link (the CLSM's coordinator, the admin), the live
 * links of the CLSM one sees; and, signed out under /api/public, the fiche
 * behind a link (rate-limited, never cached).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { perMinute, requireUser } from '../plugins/auth.ts';
import { BilanParams, ClsmId } from './schemas.ts';

const noBody = z.strictObject({}).optional();

export const ficheRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['fiche annuelle'];
  const params = BilanParams;
  const { fiche } = app.services;

  app.get(
    '/bilans/:clsmId/:annee/fiche',
    { schema: { tags, summary: 'La fiche annuelle du bilan (chiffres clés, territoire, groupes de travail, partenaires, objectifs), son lien public s’il est publié, et ce que l’utilisateur peut en faire', params } },
    async (request) => fiche.get(requireUser(request), request.params.clsmId, request.params.annee),
  );
  app.post(
    '/bilans/:clsmId/:annee/fiche/publish',
    { schema: { tags, summary: 'Publie la fiche par un nouveau lien public (coordonnateur·rice du CLSM, admin ; bilan envoyé ou validé) ; 409 si elle l’est déjà', params, body: noBody } },
    async (request, reply) => reply.code(201).send(await fiche.publish(requireUser(request), request.params.clsmId, request.params.annee)),
  );
  app.post(
    '/bilans/:clsmId/:annee/fiche/unpublish',
    { schema: { tags, summary: 'Retire la publication : le lien répond 404 dès maintenant (coordonnateur·rice du CLSM, admin)', params, body: noBody } },
    async (request, reply) => {
      await fiche.revoke(requireUser(request), request.params.clsmId, request.params.annee);
      return reply.code(204).send();
    },
  );
  app.get(
    '/fiches',
    { schema: { tags, summary: 'Les fiches publiées (liens actifs) des CLSM visibles, ou d’un CLSM', querystring: z.strictObject({ clsm: ClsmId.optional() }) } },
    async (request) => fiche.list(requireUser(request), request.query.clsm),
  );
};

/** Under /api/public: the fiche behind a link, signed out. */
export const publicFicheRoutes: FastifyPluginAsyncZod = async (app) => {
  const { fiche } = app.services;
  app.get(
    '/fiches/:token',
    {
      config: perMinute(app.config.publicMaxPerMinute),
      schema: { tags: ['fiche annuelle'], summary: 'Une fiche publiée, sans connexion : la fiche et rien d’autre du bilan ; 404 si le lien est inconnu ou retiré', params: z.strictObject({ token: z.string().max(64) }) },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');
      return fiche.publicFiche(request.params.token);
    },
  );
};
