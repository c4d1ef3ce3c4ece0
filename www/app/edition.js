// The rulebook edition as the pages read it from the core (rulebook(), describeForm()): rules by
// finding code, never by rule id; no parameter copied.

/** Every kind of dossier, in the order the pages list them. */
export const kindsOf = (d) => d.rulebook().kinds;

/** The edition of the form description `desc`, else the first. */
export function editionOf(d, desc) {
  const { editions } = d.rulebook();
  return editions.find((e) => e.id === desc?.edition) ?? editions[0];
}

const parametersOf = (edition, code) => edition.rules.find((r) => r.code === code)?.parameters ?? {};

/** The limits on one attachment: `{ mediaTypes, maxBytes }`. */
export function attachmentLimits(edition) {
  return {
    mediaTypes: parametersOf(edition, 'DOCUMENT_MEDIA_TYPE').allowed ?? [],
    maxBytes: parametersOf(edition, 'DOCUMENT_TOO_LARGE').maxBytes ?? Infinity,
  };
}

/** The document type field of a form description (inside the `/documents` group). */
export function documentTypeField(desc) {
  return desc.pages.flatMap((p) => p.fields).find((f) => f.pointer === '/documents')
    ?.fields?.find((f) => f.pointer.endsWith('/type'));
}

/** The documents `desc`'s procedure requires in its usual case, as { value, label }. */
export function requiredDocuments(edition, desc) {
  const options = documentTypeField(desc)?.options ?? [];
  const label = (type) => options.find((o) => o.value === type)?.label ?? type;
  const required = edition.documents.find((k) => k.kind === desc.kind)?.required ?? [];
  return required.map((value) => ({ value, label: label(value) }));
}

/** A media type as people name it: `application/pdf` → `PDF`. */
export const mediaTypeName = (type) => String(type).split('/').pop().toUpperCase();

/** Bytes in MiB: 1572864 → `1,5` (vi), `1.5` (en). */
export function mib(bytes, language) {
  const n = Math.round((bytes / 1048576) * 10) / 10;
  return n.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB');
}
