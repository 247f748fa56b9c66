/**
 * The use cases of Bilan CLSM, one implementation each, behind every entry
 * point: the JSON API (server/routes), the web pages (web/routes) and the
 * command line (server/cli). Each takes the signed-in user, checks access,
 * validates, writes, logs; repositories hold the SQL.
 */
import { accountService } from './account.service.ts';
import { analyticsService } from './analytics.service.ts';
import { inlineRunner } from './analytics-thread.ts';
import { bilanService } from './bilan.service.ts';
import { campagneService } from './campagne.service.ts';
import { clsmService } from './clsm.service.ts';
import type { ServiceDeps } from './deps.ts';
import { exchangeService } from './exchange.service.ts';
import { ficheService } from './fiche.service.ts';
import { MailSignal, mailService } from './mail.service.ts';
import { notificationService } from './notification.service.ts';
import { relanceService } from './relance.service.ts';
import { pdfService } from './pdf.service.ts';
import { AppError } from '../errors.ts';
import { msg } from '../messages.ts';
import { personalDataService } from './personal-data.service.ts';
import { ping } from '../repositories/system.repository.ts';
import { suiviService } from './suivi.service.ts';
import { userService } from './user.service.ts';

const HEALTH_TIMEOUT_MS = 3_000;

export function createServices(input: Omit<ServiceDeps, 'mailSignal' | 'analytics'> & Partial<Pick<ServiceDeps, 'mailSignal' | 'analytics'>>) {
  const deps: ServiceDeps = { ...input, mailSignal: input.mailSignal ?? new MailSignal(), analytics: input.analytics ?? inlineRunner(input.db) };
  const campagnes = campagneService(deps);
  const suivi = suiviService(deps, campagnes);
  const pdf = pdfService(deps.config);
  const personalData = personalDataService(deps);
  const bilans = bilanService(deps);
  return {
    bilans,
    /** The yearly fiche and its public link. */
    fiche: ficheService(deps, bilans),
    campagnes,
    clsm: clsmService(deps),
    suivi,
    analytics: analyticsService(deps, { suivi, campagnes, pdf }),
    /** HTML to PDF with the server's Chromium (closed with the app). */
    pdf,
    users: userService(deps),
    accounts: accountService(deps),
    exchange: exchangeService(deps, personalData),
    mail: mailService(deps),
    notifications: notificationService(deps),
    relances: relanceService(deps, campagnes),
    /** RGPD: inventory, one's own data, anonymisation, exports' personal data, retention (purge). */
    personalData,
    /** Where the mail worker of this process listens. */
    mailSignal: deps.mailSignal,
    /** Stops what the services started (the analytics thread, Chromium). */
    close: async () => {
      await deps.analytics.close();
      await pdf.close();
    },
    /** The database answers within seconds, else 503 (the health check: a load balancer takes the instance out). */
    async health(): Promise<void> {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('délai dépassé')), HEALTH_TIMEOUT_MS)));
      try {
        await Promise.race([ping(deps.db), late]);
      } catch {
        throw new AppError('indisponible', msg.baseIndisponible);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export type Services = ReturnType<typeof createServices>;
export type { ServiceDeps } from './deps.ts';
export type { PersonalDataCategory } from '../domain/personal-data.ts';
export type { PurgeReport } from './personal-data.service.ts';
// The shapes the entry points read (the repositories define them; pages and routes import them from here).
export type { BilanFilters, BilanSummary } from '../repositories/bilan.repository.ts';
export type { ClsmPublication, FichePublication, FicheView } from './fiche.service.ts';
export type { FicheData } from '../domain/fiche.ts';
export type { Campagne } from '../repositories/campagne.repository.ts';
export type { Clsm } from '../repositories/clsm.repository.ts';
export type { AccountView } from '../repositories/user.repository.ts';
export type { MailSummary } from '../repositories/mail.repository.ts';
export type { ProlongationView } from '../repositories/prolongation.repository.ts';
