/**
 * The mails of Bilan CLSM, in French: short, the link first, a plain-text
 * part and an HTML part with the same words. Every value put in the HTML is
 * escaped (the `html` template of the pages).
 */
import { html, type SafeHtml } from '../../web/html.ts';
import { frenchDateTime } from '../../analytics/format.ts';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

interface Parts {
  subject: string;
  link: { url: string; label: string };
  paragraphs: string[];
  /** Items shown as a list after the paragraphs (a comment, a CLSM…), each with an optional link. */
  items?: Array<{ text: string; url?: string }>;
  after?: string[];
}

const FOOTER = 'Bilan CLSM — courriel envoyé automatiquement, merci de ne pas y répondre.';

function compose(p: Parts): MailContent {
  const text = [
    `${p.link.label} : ${p.link.url}`,
    '',
    ...p.paragraphs.flatMap((x) => [x, '']),
    ...(p.items?.length ? [...p.items.map((i) => `- ${i.text}${i.url ? ` : ${i.url}` : ''}`), ''] : []),
    ...(p.after ?? []).flatMap((x) => [x, '']),
    '-- ',
    FOOTER,
  ].join('\n');
  const body: SafeHtml = html`<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${p.subject}</title></head>
<body style="font-family: Marianne, Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #161616;">
<p><a href="${p.link.url}" style="color: #000091; font-weight: bold;">${p.link.label}</a></p>
${p.paragraphs.map((x) => html`<p>${x}</p>`)}
${p.items?.length ? html`<ul>${p.items.map((i) => html`<li>${i.url ? html`<a href="${i.url}">${i.text}</a>` : i.text}</li>`)}</ul>` : ''}
${(p.after ?? []).map((x) => html`<p>${x}</p>`)}
<p style="font-size: 13px; color: #666;">${FOOTER}</p>
</body></html>`;
  return { subject: p.subject, text, html: body.value };
}

const dateTime = frenchDateTime;

export function invitationMail(d: { url: string; email: string; roleLabel: string; scope: string; invitedBy: string | null; expiresAt: string }): MailContent {
  return compose({
    subject: 'Votre compte Bilan CLSM : choisissez votre mot de passe',
    link: { url: d.url, label: 'Choisir mon mot de passe' },
    paragraphs: [
      'Bonjour,',
      `${d.invitedBy ? `${d.invitedBy} vous a créé un compte` : 'Un compte vous a été créé'} sur Bilan CLSM, le service du bilan d’activités annuel des conseils locaux de santé mentale : ${d.roleLabel}${d.scope ? ` (${d.scope})` : ''}.`,
      `Votre identifiant est votre adresse : ${d.email}. Le lien ci-dessus sert une seule fois et reste valable jusqu’au ${dateTime(d.expiresAt)}.`,
    ],
  });
}

export function resetMail(d: { url: string; expiresAt: string }): MailContent {
  return compose({
    subject: 'Bilan CLSM : choisir un nouveau mot de passe',
    link: { url: d.url, label: 'Choisir un nouveau mot de passe' },
    paragraphs: [
      'Bonjour,',
      `Une demande de nouveau mot de passe a été faite pour votre compte Bilan CLSM. Le lien ci-dessus sert une seule fois et reste valable jusqu’au ${dateTime(d.expiresAt)}.`,
      'Si vous n’êtes pas à l’origine de cette demande, ignorez ce courriel : votre mot de passe actuel reste valable.',
    ],
  });
}

const RELANCE_PHRASE = {
  non_commence: 'n’est pas encore commencé',
  brouillon: 'est en cours de saisie mais n’a pas encore été envoyé',
  renvoye: 'vous a été renvoyé pour correction et attend votre nouvel envoi',
} as const;

export function relanceMail(d: { url: string; clsmNom: string; annee: number; statut: keyof typeof RELANCE_PHRASE; deadline: string | null; message: string | null }): MailContent {
  return compose({
    subject: `Bilan ${d.annee} du ${d.clsmNom} : rappel`,
    link: { url: d.url, label: `Ouvrir le bilan ${d.annee}` },
    paragraphs: [
      'Bonjour,',
      `Le bilan d’activités ${d.annee} du ${d.clsmNom} ${RELANCE_PHRASE[d.statut]}.${d.deadline ? ` Il est attendu au plus tard le ${d.deadline}.` : ''}`,
      ...(d.message ? [`Message de votre ARS : ${d.message}`] : []),
    ],
    after: ['Vos réponses sont enregistrées au fur et à mesure : vous pouvez le remplir en plusieurs fois.'],
  });
}

export function returnMail(d: { url: string; clsmNom: string; annee: number; comments: Array<{ question: string | null; message: string }>; deadline: string | null }): MailContent {
  return compose({
    subject: `Bilan ${d.annee} du ${d.clsmNom} renvoyé pour correction`,
    link: { url: d.url, label: `Corriger le bilan ${d.annee}` },
    paragraphs: ['Bonjour,', `Votre ARS a relu le bilan ${d.annee} du ${d.clsmNom} et vous le renvoie pour correction, avec ${d.comments.length > 1 ? 'ces commentaires' : 'ce commentaire'} :`],
    items: d.comments.map((c) => ({ text: c.question ? `${c.question} : ${c.message}` : c.message })),
    after: [`Corrigez puis soumettez-le à nouveau${d.deadline ? ` (au plus tard le ${d.deadline})` : ''}.`],
  });
}

export function validationMail(d: { url: string; clsmNom: string; annee: number }): MailContent {
  return compose({
    subject: `Bilan ${d.annee} du ${d.clsmNom} validé`,
    link: { url: d.url, label: `Voir le bilan ${d.annee}` },
    paragraphs: ['Bonjour,', `Votre ARS a validé le bilan d’activités ${d.annee} du ${d.clsmNom}. Merci !`],
  });
}

export function submissionMail(d: { items: Array<{ clsmNom: string; annee: number; url: string; at: string }>; suiviUrl: string }): MailContent {
  if (d.items.length === 1) {
    const [one] = d.items as [(typeof d.items)[0]];
    return compose({
      subject: `Bilan ${one.annee} du ${one.clsmNom} soumis : à relire`,
      link: { url: one.url, label: 'Relire le bilan' },
      paragraphs: ['Bonjour,', `Le bilan ${one.annee} du ${one.clsmNom} a été soumis le ${dateTime(one.at)}. Il attend votre relecture.`],
    });
  }
  return compose({
    subject: `${d.items.length} bilans soumis : à relire`,
    link: { url: d.suiviUrl, label: 'Voir le suivi de la campagne' },
    paragraphs: ['Bonjour,', `${d.items.length} bilans ont été soumis et attendent votre relecture :`],
    items: d.items.map((i) => ({ text: `${i.clsmNom}, bilan ${i.annee} (soumis le ${dateTime(i.at)})`, url: i.url })),
    after: ['Vous recevez au plus un courriel de soumission par jour : les suivantes sont regroupées.'],
  });
}
