// The rulebook edition as the pages read it from the core (rulebook(), describeForm()): rules by
// finding code, never by rule id; no parameter copied.

// CORE GAP (issue 14): the core exports no list of kinds, nor whose DOCUMENT_MISSING rule is
// whose. The one place the pages name them: each kind with the parameter listing the documents
// of its usual case (a conference, a new NGO licence, an official trip).
const PROCEDURES = [['conference_permit', 'types'], ['ngo_licence', 'new'], ['outbound_trip', 'official']];

/** Every kind of dossier, in the order the pages list them. */
export const KINDS = PROCEDURES.map(([kind]) => kind);

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
  const [, listed] = PROCEDURES.find(([kind]) => kind === desc.kind) ?? [];
  const options = documentTypeField(desc)?.options ?? [];
  const label = (type) => options.find((o) => o.value === type)?.label ?? type;
  const types = edition.rules
    .filter((r) => r.code === 'DOCUMENT_MISSING')
    .map((r) => r.parameters[listed])
    .find((list) => Array.isArray(list) && list.every((type) => options.some((o) => o.value === type)));
  return (types ?? []).map((value) => ({ value, label: label(value) }));
}

/** A media type as people name it: `application/pdf` → `PDF`. */
export const mediaTypeName = (type) => String(type).split('/').pop().toUpperCase();

/** Bytes in MiB: 1572864 → `1,5` (vi), `1.5` (en). */
export function mib(bytes, language) {
  const n = Math.round((bytes / 1048576) * 10) / 10;
  return n.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB');
}
