// Bilan CLSM — the small browser script of the form: live conditions,
// autosave, progress. Plain ES module, no build step. The server stays the
// judge: it validates every save; this script only spares round trips.

/**
 * Same logic as survey-schema/conditions.ts `evaluateCondition` (a unit test
 * runs both on the same cases): an unanswered variable satisfies no
 * comparison, only `answered: false` and `not`.
 */
export function evaluateCondition(condition, row, rowCode) {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, row, rowCode));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, row, rowCode));
  if ('not' in condition) return !evaluateCondition(condition.not, row, rowCode);
  const name = rowCode === undefined ? condition.var : condition.var.replaceAll('{row}', rowCode);
  const value = row[name];
  const answered = value !== null && value !== undefined && value !== '';
  if ('answered' in condition) return answered === condition.answered;
  if (!answered) return false;
  const same = (a, b) => a === b || String(a) === String(b);
  if ('eq' in condition) return same(value, condition.eq);
  if ('ne' in condition) return !same(value, condition.ne);
  if ('in' in condition) return condition.in.some((v) => same(value, v));
  if ('gte' in condition) return typeof value === 'number' && value >= condition.gte;
  return typeof value === 'number' && value <= condition.lte;
}

/** A number read from a flat cell; null when blank or not a number (survey-schema's `numberOf`). */
function numberOf(value) {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value.replace(/\s/g, '').replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

/**
 * Same logic as survey-schema/conditions.ts `evaluateRuleTest` (a unit test
 * runs both on the same cases): true when a consistency rule holds, false
 * when broken, null when it does not apply.
 */
export function evaluateRuleTest(test, row) {
  if ('si' in test) return evaluateCondition(test.si, row) ? evaluateCondition(test.alors, row) : null;
  if ('somme' in test) {
    const terms = test.somme.map((v) => numberOf(row[v]));
    const max = numberOf(row[test.auPlus]);
    if (max === null || terms.some((t) => t === null)) return null;
    return terms.reduce((s, t) => s + t, 0) <= max;
  }
  const values = test.croissant.map((v) => numberOf(row[v]));
  if (values.some((v) => v === null)) return null;
  return values.every((v, i) => i === 0 || values[i - 1] <= v);
}

const NUMERIC = new Set(['entier', 'decimal', 'annee']);

/** "0,5" → 0.5; anything unreadable stays text (the server will name it). */
export function readNumber(text) {
  const t = text.replace(/\s/g, '').replace(',', '.');
  const n = Number(t);
  return t !== '' && Number.isFinite(n) ? n : text;
}

const CONTROL_NAMES = new Set(['_csrf', 'version', '__multiple', 'action', 'communes_recherche']);

/**
 * The flat row (codebook variables) the form shows now, over the saved
 * answers of the other sections and the bilan's context (`data-context`:
 * `annee`, `region`, `departement`, read by rules and Île-de-France items).
 */
function currentRow(form, saved) {
  const row = { ...JSON.parse(form.dataset.context || '{}'), ...saved };
  const groups = new Map();
  for (const el of form.elements) {
    if (!el.name || CONTROL_NAMES.has(el.name)) continue;
    if (el.type === 'radio') {
      if (el.checked) row[el.name] = el.value;
      else if (!form.querySelector(`input[name="${CSS.escape(el.name)}"]:checked`)) row[el.name] = null;
    } else if (el.type === 'checkbox' && !el.dataset.multiple) {
      // The communes covered: one box per code chosen (a flat cell lists the codes).
      const codes = [...form.querySelectorAll(`input[type="checkbox"][name="${CSS.escape(el.name)}"]:checked`)].map((b) => b.value);
      row[el.name] = codes.length ? codes.join(' ') : null;
    } else if (el.type === 'checkbox') {
      const group = el.dataset.multiple;
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group).push(el);
    } else {
      const text = el.value.trim();
      row[el.name] = text === '' ? null : NUMERIC.has(el.dataset.kind) ? readNumber(text) : text;
    }
  }
  for (const boxes of groups.values()) {
    const any = boxes.some((b) => b.checked);
    for (const b of boxes) row[b.name] = any ? (b.checked ? 'oui' : 'non') : null;
  }
  return row;
}

/** Shows or hides every conditional block, in questionnaire order (a hidden question cannot open a later one). */
export function applyConditions(form, saved) {
  const row = currentRow(form, saved);
  for (const el of document.querySelectorAll('[data-condition]')) {
    const visible = evaluateCondition(JSON.parse(el.dataset.condition), row, el.dataset.row);
    if (el.tagName === 'TD') el.classList.toggle('bc-hidden-cell', !visible);
    else el.hidden = !visible;
    if (!visible) for (const input of el.querySelectorAll('[name]')) row[input.name] = null;
  }
}

/**
 * The consistency rules of the questionnaire (`data-rules` on the form:
 * `[{id, questions, message, test}]`, messages already worded for the
 * campaign year) that the answers break, shown as warnings next to their
 * first question; the server refuses them at submission.
 */
export function showRuleWarnings(form, saved) {
  const rules = JSON.parse(form.dataset.rules || '[]');
  for (const old of form.querySelectorAll('.bc-rule-warning')) old.remove();
  if (!rules.length) return;
  const row = currentRow(form, saved);
  for (const rule of rules) {
    if (evaluateRuleTest(rule.test, row) !== false) continue;
    const block = document.getElementById(`q-${rule.questions[0]}`);
    if (!block) continue;
    const p = document.createElement('p');
    p.className = 'fr-message fr-message--warning bc-rule-warning';
    p.id = `rw-${rule.id}`;
    p.textContent = rule.message;
    block.append(p);
  }
}

function timeText(date) {
  return date.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });
}

function initForm(form) {
  const saved = JSON.parse(form.dataset.savedRow || '{}');
  const status = document.getElementById('bc-save-status');
  let timer = null;
  let dirty = false;
  let inFlight = null;
  let conflict = false;
  /** Milliseconds before sending again after a failed save (doubled each time, at most a minute). */
  let retry = 2500;

  const say = (text, kind) => {
    if (!status) return;
    status.className = `bc-save-status${kind ? ` bc-${kind}` : ''}`;
    status.textContent = text;
  };

  const showErrors = (errors) => {
    for (const old of form.querySelectorAll('.bc-live-error')) old.remove();
    for (const error of errors) {
      const block = document.getElementById(`q-${error.question}`);
      if (!block) continue;
      const p = document.createElement('p');
      p.className = 'fr-message fr-message--error bc-live-error';
      p.id = `le-${error.variable}`;
      p.textContent = error.message;
      block.append(p);
      const field = document.getElementById(`f-${error.variable}`);
      if (field) field.setAttribute('aria-describedby', `${field.getAttribute('aria-describedby') ?? ''} ${p.id}`.trim());
    }
  };

  const showProgress = (progress) => {
    if (!progress) return;
    const total = document.getElementById('bc-progress-total');
    if (total) total.textContent = `${progress.answered} / ${progress.required}`;
    const bar = document.getElementById('bc-progress-bar');
    if (bar) bar.style.width = `${progress.pct}%`;
    for (const s of progress.sections) {
      const count = document.querySelector(`[data-progress-section="${CSS.escape(s.id)}"]`);
      if (count) count.textContent = s.required ? `${s.answered}/${s.required}` : 'facultative';
      const link = document.querySelector(`[data-section-link="${CSS.escape(s.id)}"]`);
      if (link) link.classList.toggle('bc-section-done', s.required > 0 && s.answered === s.required);
    }
  };

  /** Answers carried "à confirmer" that a save confirmed lose their note. */
  const showConfirmed = (pending) => {
    if (!Array.isArray(pending)) return;
    for (const block of form.querySelectorAll('.bc-to-confirm')) {
      if (pending.includes(block.dataset.question)) continue;
      block.classList.remove('bc-to-confirm');
      block.querySelector('.bc-to-confirm-note')?.remove();
    }
  };

  const conflictMessage = (message) => {
    conflict = true;
    status.className = 'bc-save-status';
    status.replaceChildren();
    const box = document.createElement('div');
    box.className = 'fr-alert fr-alert--error fr-alert--sm';
    box.setAttribute('role', 'alert');
    const p = document.createElement('p');
    p.textContent = `${message} Vos saisies sont conservées sur cette page : notez-les avant de recharger. `;
    const a = document.createElement('a');
    a.href = window.location.href;
    a.textContent = 'Recharger la version enregistrée';
    p.append(a);
    box.append(p);
    status.append(box);
  };

  const save = async () => {
    timer = null;
    if (!dirty || conflict) return;
    if (inFlight) {
      await inFlight;
      return save();
    }
    dirty = false;
    say('Enregistrement…');
    const body = new URLSearchParams(new FormData(form));
    inFlight = fetch(form.dataset.autosave, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body,
      credentials: 'same-origin',
    })
      .then(async (response) => {
        const data = await response.json().catch(() => ({}));
        if (response.status === 409) return conflictMessage(data.message ?? 'Ce bilan a été modifié ailleurs.');
        if (!response.ok && response.status !== 422) {
          // Nothing was saved (a full disk answers 503): the typed text stays in the page and is sent again.
          dirty = true;
          retry = Math.min(retry * 2, 60000);
          say(`${data.message ?? 'Enregistrement impossible pour le moment.'} Vos saisies restent sur cette page ; nouvel essai dans ${Math.round(retry / 1000)} secondes.`, 'error');
          schedule(retry);
          return;
        }
        retry = 2500;
        // Every form of the page carries the version (the form, "rien n'a changé"): keep them all current.
        if (data.version !== undefined) for (const input of document.querySelectorAll('input[name="version"]')) input.value = String(data.version);
        showErrors(data.errors ?? []);
        showProgress(data.progress);
        showConfirmed(data.aConfirmer);
        const when = timeText(data.savedAt ? new Date(data.savedAt) : new Date());
        const n = (data.errors ?? []).length;
        // Inconsistencies anywhere in the bilan (the warnings under the questions of this section are shown live).
        const w = (data.warnings ?? []).length;
        const more = w ? ` — ${w} incohérence${w > 1 ? 's' : ''} à corriger avant l’envoi` : '';
        say(n ? `Enregistré à ${when} — ${n} réponse${n > 1 ? 's' : ''} à corriger${more}` : `Enregistré à ${when}${more}`, n || w ? '' : 'ok');
      })
      .catch(() => {
        dirty = true;
        retry = Math.min(retry * 2, 60000);
        say(`Enregistrement impossible (connexion interrompue ?). Vos saisies restent sur cette page ; nouvel essai dans ${Math.round(retry / 1000)} secondes.`, 'error');
        schedule(retry);
      })
      .finally(() => {
        inFlight = null;
      });
    await inFlight;
  };

  const schedule = (delay) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, delay);
  };

  const changed = (event) => {
    const el = event.target;
    if (!el.name || CONTROL_NAMES.has(el.name)) return;
    if (el.type === 'checkbox' && el.checked && el.dataset.multiple) {
      // An exclusive option ("aucun") and the others cannot be checked together.
      const boxes = form.querySelectorAll(`input[data-multiple="${CSS.escape(el.dataset.multiple)}"]`);
      for (const b of boxes) if (b !== el && (el.dataset.exclusive === 'true' || b.dataset.exclusive === 'true')) b.checked = false;
    }
    dirty = true;
    applyConditions(form, saved);
    showRuleWarnings(form, saved);
  };

  form.addEventListener('input', (event) => {
    changed(event);
    schedule(1500);
  });
  form.addEventListener('change', (event) => {
    changed(event);
    schedule(600);
  });
  form.addEventListener('focusout', () => {
    if (dirty) schedule(200);
  });
  form.addEventListener('submit', () => {
    // The plain post saves everything: no autosave, no "leave the page?" prompt.
    if (timer) clearTimeout(timer);
    dirty = false;
    conflict = true;
  });
  window.addEventListener('beforeunload', (event) => {
    if (dirty && !conflict) {
      save();
      event.preventDefault();
    }
  });
  applyConditions(form, saved);
  showRuleWarnings(form, saved);
  for (const box of form.querySelectorAll('.bc-communes-search[data-search]')) initCommunesSearch(form, box);
  say(status?.dataset.initial ?? '');
}

/**
 * The territory's search in place: the same search page asked for JSON
 * (`data-search`), results listed under the field with an "Ajouter" button
 * each; adding one checks a new box of the communes chosen, which the
 * autosave posts like any other field. Without this script, the search
 * button saves the section and opens the search page.
 */
function initCommunesSearch(form, box) {
  const variable = box.dataset.variable;
  const input = box.querySelector('input[type="search"]');
  const button = box.querySelector('button[value="communes"]');
  const results = box.querySelector('.bc-communes-results');
  const list = document.getElementById(`cl-${variable}`);
  if (!input || !results || !list) return;
  let timer = null;
  let asked = 0;

  const chosen = () => new Set([...list.querySelectorAll('input[type="checkbox"]:checked')].map((b) => b.value));

  const add = (item) => {
    let checkbox = list.querySelector(`input[value="${CSS.escape(item.code)}"]`);
    if (!checkbox) {
      const li = document.createElement('li');
      li.className = 'fr-checkbox-group';
      checkbox = document.createElement('input');
      checkbox.type = 'checkbox';
      checkbox.id = `f-${variable}--${item.code}`;
      checkbox.name = variable;
      checkbox.value = item.code;
      const label = document.createElement('label');
      label.className = 'fr-label';
      label.htmlFor = checkbox.id;
      label.textContent = item.libelle;
      li.append(checkbox, label);
      list.append(li);
    }
    checkbox.checked = true;
    box.parentElement?.querySelector('.bc-communes-none')?.remove();
    const population = document.getElementById(`p-${variable}`);
    if (population) population.textContent = 'Population couverte : recalculée à l’enregistrement de la section.';
    checkbox.dispatchEvent(new Event('change', { bubbles: true }));
  };

  const render = (data) => {
    results.replaceChildren();
    const status = document.createElement('p');
    status.className = 'fr-text--sm fr-mb-1w';
    const n = data.resultats.length;
    status.textContent = n ? `${n} résultat${n > 1 ? 's' : ''}${data.partout ? ' dans toute la France' : ''}` : `Aucune commune ne correspond à « ${data.q} ».`;
    results.append(status);
    if (!n) return;
    const ul = document.createElement('ul');
    ul.className = 'bc-communes-found';
    const already = chosen();
    for (const item of data.resultats) {
      const li = document.createElement('li');
      const text = document.createElement('span');
      text.textContent = item.libelle;
      li.append(text);
      const add_ = document.createElement('button');
      add_.type = 'button';
      add_.className = 'fr-btn fr-btn--sm fr-btn--secondary';
      add_.textContent = already.has(item.code) ? 'Déjà choisie' : 'Ajouter';
      add_.disabled = already.has(item.code);
      add_.setAttribute('aria-label', `Ajouter ${item.nom} (${item.code})`);
      add_.addEventListener('click', () => {
        add(item);
        add_.textContent = 'Ajoutée';
        add_.disabled = true;
        input.focus();
      });
      li.append(add_);
      ul.append(li);
    }
    results.append(ul);
  };

  const search = async () => {
    const q = input.value.trim();
    const mine = ++asked;
    if (q.length < 2) {
      results.replaceChildren();
      return;
    }
    try {
      const response = await fetch(`${box.dataset.search}?${new URLSearchParams({ q: q.slice(0, 100) })}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (mine !== asked) return;
      if (!response.ok) throw new Error(String(response.status));
      render(await response.json());
    } catch {
      if (mine === asked) results.textContent = 'Recherche impossible pour le moment : réessayez dans quelques secondes.';
    }
  };

  input.addEventListener('input', () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    search();
  });
  button?.addEventListener('click', (event) => {
    event.preventDefault();
    search();
  });
}

if (typeof document !== 'undefined') {
  document.documentElement.classList.add('js');
  const form = document.getElementById('bc-form');
  if (form) initForm(form);
}

if (typeof document !== 'undefined') {
  for (const button of document.querySelectorAll('[data-print]')) button.addEventListener('click', () => window.print());
}
