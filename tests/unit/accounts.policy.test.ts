/** The password policy (one function for the API, the pages and the CLI), the `suite=` rule after sign-in, the campagne's editing window. */
import { describe, expect, it } from 'vitest';
import { editingRefusal } from '../../server/domain/workflow.ts';
import { checkPassword } from '../../server/services/user.service.ts';
import { safeNext } from '../../web/routes/auth.routes.ts';

const refusal = (password: string, email = 'claire.martin@ars.fr') => {
  try {
    checkPassword(password, email);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('checkPassword', () => {
  it('accepts a long passphrase', () => {
    expect(refusal('une phrase assez longue pour passer')).toBeNull();
    expect(refusal('Cheval-Agrafe-Batterie-42')).toBeNull();
  });
  it('refuses fewer than 12 characters (counted as characters, not bytes)', () => {
    expect(refusal('abcdefghijk')).toBe('Le mot de passe doit compter au moins 12 caractères.');
    expect(refusal('éèàùçôîêâûëï')).toBeNull();
  });
  it('refuses common passwords, with digits or signs around them and separators inside', () => {
    for (const p of ['123456789012', 'qazwsxedcrfv', 'Azertyuiop123!', 'motdepasse2025', 'Mot-de-Passe-2025!', '!!Soleil2025!!', 'Bonjour123456', 'administrator']) {
      expect(refusal(p), p).toMatch(/^Ce mot de passe est trop courant/);
    }
  });
  it('refuses a password containing the local part of the address (3 characters or more), whatever the case and accents', () => {
    expect(refusal('CLAIRE.MARTIN et son chat')).toMatch(/ne doit pas contenir votre identifiant/);
    expect(refusal('une phrase pour jo', 'jo@ars.fr')).toBeNull();
    expect(refusal('la chambre d’hélène est bleue', 'helene@clsm.fr')).toMatch(/identifiant/);
  });
});

describe('safeNext', () => {
  it('keeps a path of the application, query and fragment included', () => {
    expect(safeNext('/suivi?annee=2025#x')).toBe('/suivi?annee=2025#x');
    expect(safeNext('/bilans/a1/2025?section=gouvernance')).toBe('/bilans/a1/2025?section=gouvernance');
  });
  it('refuses anything that could leave the site', () => {
    for (const next of ['/\t/evil.example', '/\n/evil.example', '//evil.example', '/\\evil.example', '\\\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', undefined, 42, '/\u0000x']) {
      expect(safeNext(next), JSON.stringify(next)).toBe('/');
    }
  });
});

describe('editingRefusal', () => {
  const campagne = { annee: 2025, statut: 'ouverte' as const, opens_on: '2026-01-15', closes_on: '2026-03-31' };
  const w = (over: Partial<Parameters<typeof editingRefusal>[0]> = {}) => ({ campagne, prolongation: null, statut: 'brouillon' as const, submittedAt: null, ...over });
  it('between the dates (inclusive), a coordinator may save', () => {
    expect(editingRefusal(w(), 'coordinateur', '2026-01-15')).toBeNull();
    expect(editingRefusal(w(), 'coordinateur', '2026-03-31')).toBeNull();
  });
  it('before opening and after closing, not; the admin always', () => {
    expect(editingRefusal(w(), 'coordinateur', '2026-01-14')).toBe('La campagne 2025 ouvre le 15 janvier 2026 : le bilan ne peut pas encore être rempli.');
    expect(editingRefusal(w(), 'coordinateur', '2026-04-01')).toMatch(/^La campagne 2025 est close depuis le 31 mars 2026 : /);
    expect(editingRefusal(w(), 'admin', '2026-04-01')).toBeNull();
    expect(editingRefusal(w({ campagne: { ...campagne, statut: 'fermee' } }), 'coordinateur', '2026-02-01')).toMatch(/est fermée/);
  });
  it('after closing: a prolongation until its date; a returned or reopened bilan', () => {
    expect(editingRefusal(w({ prolongation: '2026-04-15' }), 'coordinateur', '2026-04-15')).toBeNull();
    expect(editingRefusal(w({ prolongation: '2026-04-15' }), 'coordinateur', '2026-04-16')).toMatch(/délai prolongé jusqu’au 15 avril 2026/);
    expect(editingRefusal(w({ statut: 'renvoye' }), 'coordinateur', '2026-05-01')).toBeNull();
    expect(editingRefusal(w({ submittedAt: '2026-03-30T10:00:00Z' }), 'coordinateur', '2026-05-01')).toBeNull();
    expect(editingRefusal(w({ statut: 'non_commence' }), 'coordinateur', '2026-05-01')).not.toBeNull();
  });
});
