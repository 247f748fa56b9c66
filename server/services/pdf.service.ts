/**
 * HTML documents to PDF with the server's Chromium (playwright-core, never a
 * downloaded browser): the état des lieux prints from the very HTML the page
 * and the CLI write. One browser, started on the first PDF and closed with
 * the app; one rendering at a time (Chromium shares the machine with the
 * server); no network from the page (its fonts and charts are inline).
 * Without Chromium (CHROMIUM_PATH=none, or no executable), `available()` is
 * false and the pages offer the browser's own "Imprimer ou enregistrer en PDF".
 */
import type { Browser } from 'playwright-core';
import type { Config } from '../config.ts';
import { notFound } from '../errors.ts';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function pdfService(config: Pick<Config, 'chromiumPath'>) {
  let browser: Promise<Browser> | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  async function launch(executablePath: string): Promise<Browser> {
    const { chromium } = await import('playwright-core');
    const b = await chromium.launch({ executablePath, args: ARGS });
    b.on('disconnected', () => {
      browser = null;
    });
    return b;
  }

  return {
    /** Whether this server renders PDF. */
    available: (): boolean => config.chromiumPath !== null,

    /** The PDF of a standalone HTML document (A4; the document's @page rules give margins, running title and page numbers). */
    render(html: string): Promise<Buffer> {
      const path = config.chromiumPath;
      if (!path) return Promise.reject(notFound('Ce serveur ne produit pas de PDF (Chromium absent) : ouvrez la page et choisissez « Imprimer ou enregistrer en PDF ».'));
      const run = queue.then(async () => {
        browser ??= launch(path);
        const context = await (await browser).newContext();
        try {
          await context.route('**/*', (route) => route.abort());
          const page = await context.newPage();
          await page.setContent(html, { waitUntil: 'load' });
          await page.evaluate(() => document.fonts.ready.then(() => undefined));
          return await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true, outline: true, tagged: true });
        } finally {
          await context.close();
        }
      });
      queue = run.catch(() => undefined);
      return run;
    },

    async close(): Promise<void> {
      const b = browser;
      browser = null;
      if (b) await (await b.catch(() => null))?.close();
    },
  };
}

export type PdfService = ReturnType<typeof pdfService>;
