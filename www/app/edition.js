// What the pages need to know of the rulebook edition, read from the core at run time
// (`rulebook()` and `describeForm()`): the procedures, the documents each requires, the media
// types and size accepted for an attachment. The pages copy no parameter of the edition; rules
// are found by their finding code (SPEC §5), never by rule id.

// The procedures in the order the pages list them, each with the parameter of its
// DOCUMENT_MISSING rule that lists the documents of its usual case (a conference, a new NGO
// licence, an official trip).
// CORE GAP: the core exports no list of kinds and does not say which DOCUMENT_MISSING rule
// belongs to which kind; this is the one place the pages name them (see the report of issue 14).
const PROCEDURES = [['conference_permit', 'types'], ['ngo_licence', 'new'], ['outbound_trip', 'official']];

/** Every kind of dossier, in the order the pages list them. */
export const KINDS = PROCEDURES.map(([kind]) => kind);

/** The edition the core used for `desc` (a form description), else the first one. */
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

/** The documents `desc`'s procedure requires in its usual case, as `{ value, label }`: the list
 * of its DOCUMENT_MISSING rule whose every type is a document of that procedure. */
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

/** Bytes in MiB, with the page language's decimal sign: 2097152 → `2`, 1572864 → `1,5`. */
export function mib(bytes, language) {
  const n = Math.round((bytes / 1048576) * 10) / 10;
  return n.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB');
}
