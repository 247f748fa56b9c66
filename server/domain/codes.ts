/**
 * The codes of régions and départements, as the registry holds them and as
 * every filter, address and file name takes them: INSEE codes (`11`, `93`,
 * `2A`, `971`) or any short code of letters, digits, `-` and `_`. Nothing
 * else may reach a file name or a header.
 */
export const REGION_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$/;
export const DEPARTEMENT_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,9}$/;

export const codeRule = {
  region: 'code de région attendu, par exemple 11 (lettres, chiffres, « - » ou « _ », 20 caractères au plus)',
  departement: 'code de département attendu, par exemple 93 ou 2A (lettres, chiffres, « - » ou « _ », 10 caractères au plus)',
} as const;
