/**
 * The use cases of Bilan CLSM, one implementation each, behind every entry
 * point: the JSON API (server/routes), the web pages (web/routes) and the
 * command line (server/cli). Each takes the signed-in user, checks access,
 * validates, writes, logs; repositories hold the SQL.
 */
import { analyticsService } from './analytics.service.ts';
import { bilanService } from './bilan.service.ts';
import { campagneService } from './campagne.service.ts';
import { clsmService } from './clsm.service.ts';
import type { ServiceDeps } from './deps.ts';
import { exchangeService } from './exchange.service.ts';
import { ping } from '../repositories/system.repository.ts';
import { suiviService } from './suivi.service.ts';
import { userService } from './user.service.ts';

export function createServices(deps: ServiceDeps) {
  const campagnes = campagneService(deps);
  return {
    bilans: bilanService(deps),
    campagnes,
    clsm: clsmService(deps),
    suivi: suiviService(deps, campagnes),
    analytics: analyticsService(deps),
    users: userService(deps),
    exchange: exchangeService(deps),
    /** The database answers (the health check). */
    health: () => ping(deps.db),
  };
}

export type Services = ReturnType<typeof createServices>;
export type { ServiceDeps } from './deps.ts';
// The shapes the entry points read (the repositories define them; pages and routes import them from here).
export type { BilanFilters, BilanSummary } from '../repositories/bilan.repository.ts';
export type { Campagne } from '../repositories/campagne.repository.ts';
export type { Clsm } from '../repositories/clsm.repository.ts';
