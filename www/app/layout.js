// What every view of the form page shows around its content: the header (the service, the
// language switch, the mode of a supplement or a filing at the counter), the offline banner,
// the notice of the last action and the footer about the device's data.
import { t, languageSwitch } from './i18n.js';
import { el } from './el.js';
import { deviceFooter } from './device.js';
import { form } from './form-state.js';

export function header() {
  const { supplementOf, counterToken } = form;
  const mode = supplementOf ? [t('supplementTitle', supplementOf.code), t('supplementHelp')]
    : counterToken ? [t('counterTitle'), t('counterHelp')] : null;
  const top = el('header', { class: 'top' }, el('a', { href: counterToken ? '/staff' : '/', class: 'service', text: t('service') }), languageSwitch(() => form.restart()));
  if (!mode) return top;
  return el('div', {}, top, el('section', { class: 'panel mode', id: 'mode', 'aria-label': mode[0] }, el('p', {}, el('strong', { text: mode[0] })), el('p', { text: mode[1] })));
}

export const footer = () => deviceFooter(() => form.afterForget());

export function offlineBanner() {
  return el('p', { class: 'offline-banner', id: 'offline-banner', role: 'status', hidden: navigator.onLine !== false, text: t('offlineBanner') });
}

/** Shows `form.notice` in the page's #notice, once. */
export function showNotice() {
  const box = document.getElementById('notice');
  const { notice } = form;
  if (!box || !notice) return;
  box.replaceChildren(el('p', { text: notice.text }), notice.link ? el('a', { href: notice.link.href, id: 'notice-link' }, notice.link.text) : null);
  box.className = notice.error ? 'notice error-message' : 'notice';
  form.notice = null;
}

/** Shows a view: the header, then `content` in <main>, then the footer. */
export function show(...content) {
  document.getElementById('app').replaceChildren(header(), el('main', { id: 'main' }, ...content), footer());
}
