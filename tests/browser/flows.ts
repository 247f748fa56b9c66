/** Steps shared by the browser specs. */
import type { Page } from 'playwright-core';

/**
 * Answers every visible, empty field of the current section the way a hurried
 * coordinator would (first option, small numbers, a year, a short text), then
 * again as new questions appear, and returns how many fields it filled.
 */
export async function fillVisibleFields(page: Page): Promise<number> {
  return page.evaluate(() => {
    const form = document.getElementById('bc-form') as HTMLFormElement;
    let filled = 0;
    for (let round = 0; round < 4; round++) {
      let changed = 0;
      const visible = (el: Element) => (el as HTMLElement).offsetParent !== null && !el.closest('[hidden], .bc-hidden-cell');
      const fire = (el: Element) => el.dispatchEvent(new Event('change', { bubbles: true }));
      const radioNames = new Set<string>();
      for (const el of Array.from(form.elements)) {
        const input = el as HTMLInputElement;
        // The territory's search field and its communes chosen are filled through the picker (questionnaire-2027.spec.ts).
        if (!input.name || input.name.startsWith('_') || input.name === 'version' || input.name === 'action' || input.name === 'communes_recherche') continue;
        if (input.type === 'radio') {
          if (radioNames.has(input.name)) continue;
          radioNames.add(input.name);
          const group = Array.from(form.querySelectorAll<HTMLInputElement>(`input[type=radio][name="${CSS.escape(input.name)}"]`));
          if (!group.some(visible) || group.some((r) => r.checked)) continue;
          group[0]!.checked = true;
          fire(group[0]!);
          changed++;
        } else if (input.type === 'checkbox' && !input.dataset.multiple) {
          continue;
        } else if (input.type === 'checkbox') {
          const name = input.dataset.multiple!;
          const group = Array.from(form.querySelectorAll<HTMLInputElement>(`input[data-multiple="${CSS.escape(name)}"]`));
          if (!group.some(visible) || group.some((b) => b.checked)) continue;
          // The first option that is not exclusive ("aucun") nor "autre" (which opens a free text).
          const box = group.find((b) => b.dataset.exclusive !== 'true' && !b.name.endsWith('__autre')) ?? group[0]!;
          box.checked = true;
          fire(box);
          changed++;
        } else if (el instanceof HTMLSelectElement) {
          if (!visible(el) || el.value !== '') continue;
          el.value = el.options[1]!.value;
          fire(el);
          changed++;
        } else if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
          if (!visible(el) || el.value !== '' || el.type === 'hidden') continue;
          const kind = el.dataset.kind;
          // Seats of the COPIL: more than those of usager·es and proches together (a consistency rule of 2027.1).
          el.value = el.name === 'copil_nb_membres' ? '12' : kind === 'annee' ? '2015' : kind === 'entier' ? '2' : kind === 'decimal' ? '0,5' : kind === 'date' ? '2025-03-01' : 'Réponse de test';
          fire(el);
          changed++;
        }
      }
      filled += changed;
      if (changed === 0) break;
    }
    return filled;
  });
}

/** Adds a commune to the territory through the search field of the section (with JavaScript), once it is saved. */
export async function addCommune(page: Page, query: string, label: string): Promise<void> {
  await page.getByLabel(/Ajouter une commune, un arrondissement ou une intercommunalité/).fill(query);
  const result = page.locator('.bc-communes-found li').filter({ hasText: label });
  await result.waitFor();
  await result.getByRole('button', { name: /Ajouter/ }).click();
  await page.locator('#bc-save-status').filter({ hasText: /^Enregistré à/ }).waitFor({ timeout: 10_000 });
}

/** Every section of the form, from the section list. */
export async function sectionIds(page: Page): Promise<string[]> {
  return page.locator('[data-section-link]').evaluateAll((links) => links.map((l) => (l as HTMLElement).dataset.sectionLink!));
}
