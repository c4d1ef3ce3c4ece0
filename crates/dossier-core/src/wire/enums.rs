//! The enumerations of the wire format (RULES.md §1, §3–§5).

use crate::wire_enum::wire_enum;

wire_enum! {
    pub enum Kind {
        ConferencePermit = "conference_permit",
        NgoLicence = "ngo_licence",
        OutboundTrip = "outbound_trip",
    }
}

impl Kind {
    /// A kind named by a caller (CLI argument, URL, JS argument), with a message listing the
    /// kinds when it is not one.
    pub fn parse_arg(s: &str) -> Result<Kind, String> {
        <Kind as crate::wire_enum::WireEnum>::from_wire(s).ok_or_else(|| {
            format!("unknown kind {s:?}; expected conference_permit, ngo_licence or outbound_trip")
        })
    }

    /// The key of this kind's body in the dossier object.
    pub fn body_key(self) -> &'static str {
        match self {
            Kind::ConferencePermit => "conference",
            Kind::NgoLicence => "ngo",
            Kind::OutboundTrip => "trip",
        }
    }
}

wire_enum! {
    pub enum ApplicantType {
        Organization = "organization",
        Individual = "individual",
    }
}

wire_enum! {
    pub enum Legalization {
        Consular = "consular",
        ExemptTreaty = "exempt_treaty",
        ExemptReciprocity = "exempt_reciprocity",
    }
}

wire_enum! {
    /// Document types; each kind accepts its own subset (rulebook data) plus `other`.
    pub enum DocType {
        RequestLetter = "request_letter",
        ProjectPlan = "project_plan",
        SectorOpinion = "sector_opinion",
        ApplicationForm = "application_form",
        Charter = "charter",
        LegalStatus = "legal_status",
        ProgrammeStatement = "programme_statement",
        RepresentativeAppointment = "representative_appointment",
        RepresentativeCv = "representative_cv",
        CriminalRecord = "criminal_record",
        PassportCopy = "passport_copy",
        CurrentCertificate = "current_certificate",
        ActivityReport = "activity_report",
        SendingRequest = "sending_request",
        InvitationLetter = "invitation_letter",
        Programme = "programme",
        BudgetEstimate = "budget_estimate",
        PersonalApplication = "personal_application",
        Other = "other",
    }
}

wire_enum! {
    pub enum ConferenceFormat {
        InPerson = "in_person",
        Online = "online",
        Hybrid = "hybrid",
    }
}

wire_enum! {
    pub enum OrganizerKind {
        ProvincialAgency = "provincial_agency",
        CommuneAgency = "commune_agency",
        VietnameseOrganization = "vietnamese_organization",
        ForeignOrganization = "foreign_organization",
        AssociationOrFund = "association_or_fund",
    }
}

wire_enum! {
    pub enum DignitaryRank {
        HeadOfState = "head_of_state",
        HeadOfGovernment = "head_of_government",
        Minister = "minister",
        DeputyMinister = "deputy_minister",
        Other = "other",
    }
}

wire_enum! {
    pub enum Topic {
        Sovereignty = "sovereignty",
        BorderTerritory = "border_territory",
        Security = "security",
        Defence = "defence",
        Ethnicity = "ethnicity",
        Religion = "religion",
        HumanRights = "human_rights",
        Economy = "economy",
        TradeInvestment = "trade_investment",
        Culture = "culture",
        Education = "education",
        Health = "health",
        ScienceTechnology = "science_technology",
        Environment = "environment",
        Agriculture = "agriculture",
        Social = "social",
        Other = "other",
    }
}

wire_enum! {
    pub enum StateSecret {
        None = "none",
        Mat = "mat",
        ToiMat = "toi_mat",
        TuyetMat = "tuyet_mat",
    }
}

wire_enum! {
    pub enum CertificateType {
        Operation = "operation",
        RepresentativeOffice = "representative_office",
        ProjectOffice = "project_office",
    }
}

wire_enum! {
    pub enum RequestType {
        New = "new",
        Extension = "extension",
        Amendment = "amendment",
        Reissue = "reissue",
    }
}

wire_enum! {
    pub enum NgoField {
        Health = "health",
        Education = "education",
        WaterSanitation = "water_sanitation",
        Environment = "environment",
        Agriculture = "agriculture",
        DisasterRelief = "disaster_relief",
        SocialWelfare = "social_welfare",
        Disability = "disability",
        ChildProtection = "child_protection",
        GenderEquality = "gender_equality",
        ScienceTechnology = "science_technology",
        Culture = "culture",
        EconomicDevelopment = "economic_development",
        Other = "other",
    }
}

wire_enum! {
    pub enum NgoFunding {
        Foreign = "foreign",
        VietnameseDonations = "vietnamese_donations",
    }
}

wire_enum! {
    pub enum Premises {
        Private = "private",
        State = "state",
        Party = "party",
        SocioPolitical = "socio_political",
    }
}

wire_enum! {
    pub enum TripPurpose {
        Official = "official",
        Private = "private",
    }
}

wire_enum! {
    pub enum AgencyLevel {
        Province = "province",
        Commune = "commune",
    }
}

wire_enum! {
    pub enum LeaderRank {
        ProvincialHead = "provincial_head",
        ProvincialDeputyHead = "provincial_deputy_head",
        DepartmentHead = "department_head",
        CommuneHead = "commune_head",
        Other = "other",
    }
}

wire_enum! {
    pub enum TripFunding {
        StateBudget = "state_budget",
        ForeignHost = "foreign_host",
        Business = "business",
        SelfFunded = "self",
        Mixed = "mixed",
    }
}

wire_enum! {
    pub enum PassportType {
        Diplomatic = "diplomatic",
        Official = "official",
        Ordinary = "ordinary",
    }
}
