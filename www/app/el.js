// Builds DOM elements: el('p', {class: 'hint', text: '…', onclick: fn}, ...children). Text goes
// in as text (never HTML); `on…` attributes become listeners; false, null and undefined
// attributes and children are left out.
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...children.flat().filter((c) => c !== null && c !== undefined));
  return e;
}
