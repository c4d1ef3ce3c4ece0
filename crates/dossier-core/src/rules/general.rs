//! General checks that need the whole dossier or the rulebook: receiving unit against routing,
//! the client's rulebook edition, the edition's validity window.

use crate::date::Date;
use crate::params::Params;
use crate::read::Ctx;
use crate::report::Routing;
use crate::rulebook::RuleId;
use crate::wire::Dossier;

/// `RECEIVING_UNIT_PROVINCE`: filed in another province than the one that decides.
pub(crate) fn receiving_unit_province(
    cx: &mut Ctx<'_>,
    d: &Dossier<'_>,
    routing: Option<&Routing>,
) {
    let expected = routing.and_then(|r| r.province_code);
    let filed = d.receiving_unit.as_ref().and_then(|r| r.province_code);
    if let (Some(expected), Some(filed)) = (expected, filed) {
        if expected != filed {
            cx.emit_at(
                RuleId::ReceivingUnitProvince,
                "/receivingUnit/provinceCode",
                Params::new().with("expected", expected),
            );
        }
    }
}

/// `RULEBOOK_EDITION_MISMATCH`: the client validated with another edition.
pub(crate) fn edition_mismatch(cx: &mut Ctx<'_>, d: &Dossier<'_>) {
    let in_force = cx.ed.id;
    if d.rulebook_edition.is_some_and(|e| e != in_force) {
        cx.emit_at(
            RuleId::RulebookEditionMismatch,
            "/rulebookEdition",
            Params::new().with("inForce", in_force),
        );
    }
}

/// `RULEBOOK_EDITION_EXPIRED`: `as_of` is after the edition's legal basis ends.
pub(crate) fn edition_expired(cx: &mut Ctx<'_>, as_of: Date) {
    if let Some(until) = cx.ed.valid_until.filter(|until| as_of > *until) {
        let edition = cx.ed.id;
        cx.emit_at(
            RuleId::RulebookEditionExpired,
            "",
            Params::new()
                .with("edition", edition)
                .with("validUntil", until.to_string()),
        );
    }
}
