// The error summary of the GOV.UK pattern: a page's findings from the core, errors first in the
// order of the fields on the page, each linked to its field and repeated beside it; warnings
// after them.
import { idOf } from './dossier.js';
import { t } from './i18n.js';
import { el } from './el.js';

/** The findings of `report` inside the fields of `page`. */
export function findingsOnPage(report, page) {
  const pointers = page.fields.map((f) => f.pointer);
  return report.findings.filter((f) => pointers.some((p) => f.path === p || f.path.startsWith(`${p}/`)));
}
/** The element id a finding links to: the nearest rendered element on its path. */
function targetId(path) {
  let p = path;
  while (p) {
    if (document.getElementById(idOf(p))) return idOf(p);
    p = p.slice(0, p.lastIndexOf('/'));
  }
  return null;
}

/** The visible name of a field: its label, or the legend of its fieldset. */
function fieldName(id) {
  const node = document.getElementById(id);
  const label = document.querySelector(`label[for="${CSS.escape(id)}"]`);
  if (label && node?.type !== 'radio' && node?.type !== 'checkbox') return label.textContent;
  return node?.closest('fieldset')?.querySelector('legend')?.textContent ?? label?.textContent ?? '';
}

/** Shows `findings` in the page's #summary (with `intro` above the errors); the number of errors. */
export function showFindings(findings, intro) {
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity !== 'error');
  const box = document.getElementById('summary');
  box.replaceChildren();
  document.querySelectorAll('.error-message').forEach((e) => { e.hidden = true; e.textContent = ''; });
  document.querySelectorAll('.has-error').forEach((e) => e.classList.remove('has-error'));
  document.title = document.title.replace(t('errorPrefix'), '');
  if (errors.length) {
    const list = el('ul', { class: 'summary-list' });
    // In the order of the fields on the page.
    const position = (f) => {
      const node = document.getElementById(targetId(f.path) ?? '');
      return node ? [...document.querySelectorAll('[id]')].indexOf(node) : Infinity;
    };
    errors.sort((a, b) => position(a) - position(b));
    for (const f of errors) {
      const target = targetId(f.path);
      const name = target ? fieldName(target) : '';
      const text = name ? `${name}: ${f.message}` : f.message;
      list.append(el('li', {}, target
        ? el('a', { href: `#${target}`, onclick: (e) => { e.preventDefault(); document.getElementById(target)?.focus(); } }, text)
        : text));
      if (target) {
        const slot = document.getElementById(`${target}-error`);
        if (slot) {
          slot.hidden = false;
          slot.textContent = slot.textContent ? `${slot.textContent} ${f.message}` : f.message;
          slot.closest('[data-pointer]')?.classList.add('has-error');
        }
      }
    }
    const summary = el('div', { class: 'error-summary', role: 'alert', tabindex: '-1' },
      el('h2', { text: t('summaryTitle') }), intro ? el('p', { text: intro }) : null, list);
    box.append(summary);
    document.title = t('errorPrefix') + document.title;
    summary.focus();
  }
  if (warnings.length) {
    box.append(el('div', { class: 'warning-summary' }, el('h2', { text: t('warningsTitle') }),
      el('ul', {}, warnings.map((f) => el('li', { text: `⚠ ${f.message}` })))));
  }
  return errors.length;
}
