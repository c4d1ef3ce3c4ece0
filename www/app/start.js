// The start page: the three procedures, each with what it needs (from the core's exports).
import { core } from './dossier.js';
import { t, lang, languageSwitch } from './i18n.js';

const KINDS = ['conference_permit', 'ngo_licence', 'outbound_trip'];
// The documents each procedure requires, as the rulebook lists them.
const NEEDS = { conference_permit: ['CONF-04', 'types'], ngo_licence: ['NGO-11', 'new'], outbound_trip: ['TRIP-08', 'official'] };

async function render() {
  document.documentElement.lang = lang();
  const d = await core();
  const rules = d.rulebook().editions[0].rules;
  const app = document.getElementById('app');
  const main = document.createElement('main');
  main.id = 'main';
  const h1 = document.createElement('h1');
  h1.textContent = t('service');
  main.append(h1);
  const h2 = document.createElement('h2');
  h2.textContent = t('procedures');
  main.append(h2);
  for (const kind of KINDS) {
    const form = d.describeForm(kind, lang());
    const docField = form.pages.at(-1).fields[0].fields.find((f) => f.pointer.endsWith('/type'));
    const [rule, key] = NEEDS[kind];
    const types = rules.find((r) => r.id === rule).parameters[key];
    const section = document.createElement('section');
    section.className = 'procedure';
    const h3 = document.createElement('h3');
    h3.textContent = form.title;
    const p = document.createElement('p');
    p.textContent = `${t('needs')}:`;
    const ul = document.createElement('ul');
    for (const type of types) {
      const li = document.createElement('li');
      li.textContent = docField.options.find((o) => o.value === type)?.label ?? type;
      ul.append(li);
    }
    const a = document.createElement('a');
    a.href = `/forms/${kind}`;
    a.className = 'button';
    a.id = `start-${kind}`;
    a.textContent = `${t('start')}: ${form.title}`;
    section.append(h3, p, ul, a);
    main.append(section);
  }
  const track = document.createElement('p');
  const link = document.createElement('a');
  link.href = '/status';
  link.textContent = t('trackLink');
  track.append(link);
  main.append(track);
  const header = document.createElement('header');
  header.className = 'top';
  const service = document.createElement('span');
  service.className = 'service';
  service.textContent = t('service');
  header.append(service, languageSwitch(render));
  document.title = t('service');
  app.replaceChildren(header, main);
}

render();
