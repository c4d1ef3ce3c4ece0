//! Finding codes and severities: the public contract of RULES.md.

use crate::wire_enum::wire_enum;

wire_enum! {
    /// A finding code. Other systems key on these strings.
    pub enum Code {
        JsonSyntax = "JSON_SYNTAX",
        FieldRequired = "FIELD_REQUIRED",
        FieldType = "FIELD_TYPE",
        FieldUnknown = "FIELD_UNKNOWN",
        FieldEnum = "FIELD_ENUM",
        FieldFormat = "FIELD_FORMAT",
        FieldLength = "FIELD_LENGTH",
        FieldRange = "FIELD_RANGE",
        DateOrder = "DATE_ORDER",
        AdminUnitUnknown = "ADMIN_UNIT_UNKNOWN",
        AdminUnitMismatch = "ADMIN_UNIT_MISMATCH",
        CountryUnknown = "COUNTRY_UNKNOWN",
        IdNumberInvalid = "ID_NUMBER_INVALID",
        TaxCodeInvalid = "TAX_CODE_INVALID",
        ReceivingUnitProvince = "RECEIVING_UNIT_PROVINCE",
        RulebookEditionMismatch = "RULEBOOK_EDITION_MISMATCH",
        RulebookEditionExpired = "RULEBOOK_EDITION_EXPIRED",
        AsofBeforeEdition = "ASOF_BEFORE_EDITION",
        DocumentMissing = "DOCUMENT_MISSING",
        DocumentMediaType = "DOCUMENT_MEDIA_TYPE",
        DocumentTooLarge = "DOCUMENT_TOO_LARGE",
        DocumentTranslation = "DOCUMENT_TRANSLATION",
        DocumentLegalization = "DOCUMENT_LEGALIZATION",
        ConfNotInternational = "CONF_NOT_INTERNATIONAL",
        ConfPressConference = "CONF_PRESS_CONFERENCE",
        ConfLeadTime = "CONF_LEAD_TIME",
        ConfNoVnEndpoint = "CONF_NO_VN_ENDPOINT",
        ConfDignitaryCount = "CONF_DIGNITARY_COUNT",
        ConfAgendaOutsideDates = "CONF_AGENDA_OUTSIDE_DATES",
        ConfStateSecret = "CONF_STATE_SECRET",
        NgoProjectOfficeAbolished = "NGO_PROJECT_OFFICE_ABOLISHED",
        NgoTermTooLong = "NGO_TERM_TOO_LONG",
        NgoTermExceedsHomeRegistration = "NGO_TERM_EXCEEDS_HOME_REGISTRATION",
        NgoOfficeCity = "NGO_OFFICE_CITY",
        NgoOfficePremises = "NGO_OFFICE_PREMISES",
        NgoPlanTooShort = "NGO_PLAN_TOO_SHORT",
        NgoProgrammeOutsideArea = "NGO_PROGRAMME_OUTSIDE_AREA",
        NgoRepresentativePassportExpired = "NGO_REPRESENTATIVE_PASSPORT_EXPIRED",
        NgoCriminalRecordCoverage = "NGO_CRIMINAL_RECORD_COVERAGE",
        NgoDomesticFundraising = "NGO_DOMESTIC_FUNDRAISING",
        TripDeparturePast = "TRIP_DEPARTURE_PAST",
        TripItineraryOutsideDates = "TRIP_ITINERARY_OUTSIDE_DATES",
        TripItineraryVn = "TRIP_ITINERARY_VN",
        TripPassportValidity = "TRIP_PASSPORT_VALIDITY",
        TripPassportType = "TRIP_PASSPORT_TYPE",
        TripTooManyCountries = "TRIP_TOO_MANY_COUNTRIES",
        TripDaysPerCountry = "TRIP_DAYS_PER_COUNTRY",
        TripTooLong = "TRIP_TOO_LONG",
        TripDelegationSize = "TRIP_DELEGATION_SIZE",
        TripTripsPerYear = "TRIP_TRIPS_PER_YEAR",
        TripKeyLeadersTogether = "TRIP_KEY_LEADERS_TOGETHER",
        TripBusinessFunded = "TRIP_BUSINESS_FUNDED",
    }
}

wire_enum! {
    /// `error` makes the dossier invalid; `warning` informs staff and applicant.
    pub enum Severity {
        Error = "error",
        Warning = "warning",
    }
}

wire_enum! {
    /// How sure the project is of a rule's legal basis (RULES.md, top).
    pub enum Confidence {
        /// The legal text was read.
        Confirmed = "confirmed",
        /// Quoted by reliable summaries.
        Secondary = "secondary",
        /// One province's rule, applied through a profile.
        Local = "local",
        /// Reasoned from other rules; not verbatim law.
        Inferred = "inferred",
    }
}
