/// What an access review calls a *clinical* resource type: the types of FHIR R4's Patient
/// compartment (`CompartmentDefinition/patient`) — every resource that can hold data about a
/// particular patient, from Observation and MedicationRequest to Claim and AuditEvent. A
/// standard list rather than a hand-picked one, so an auditor can check it; a `*` entry covers
/// all of them.
public enum ClinicalTypes {
    public static let all: Set<String> = [
        "Account", "AdverseEvent", "AllergyIntolerance", "Appointment", "AppointmentResponse", "AuditEvent", "Basic",
        "BodyStructure", "CarePlan", "CareTeam", "ChargeItem", "Claim", "ClaimResponse", "ClinicalImpression",
        "Communication", "CommunicationRequest", "Composition", "Condition", "Consent", "Coverage",
        "CoverageEligibilityRequest", "CoverageEligibilityResponse", "DetectedIssue", "DeviceRequest",
        "DeviceUseStatement", "DiagnosticReport", "DocumentManifest", "DocumentReference", "Encounter",
        "EnrollmentRequest", "EpisodeOfCare", "ExplanationOfBenefit", "FamilyMemberHistory", "Flag", "Goal", "Group",
        "ImagingStudy", "Immunization", "ImmunizationEvaluation", "ImmunizationRecommendation", "Invoice", "List",
        "MeasureReport", "Media", "MedicationAdministration", "MedicationDispense", "MedicationRequest",
        "MedicationStatement", "MolecularSequence", "NutritionOrder", "Observation", "Patient", "Person", "Procedure",
        "Provenance", "QuestionnaireResponse", "RelatedPerson", "RequestGroup", "ResearchSubject", "RiskAssessment",
        "Schedule", "ServiceRequest", "Specimen", "SupplyDelivery", "SupplyRequest", "VisionPrescription",
    ]

    /// How reports define the term, in one sentence.
    public static let definition =
        "clinical types are the \(all.count) resource types of FHIR R4's Patient compartment (CompartmentDefinition/patient); `*` covers them all"

    /// Whether an entry for `resourceType` reaches clinical data.
    public static func covers(_ resourceType: String) -> Bool {
        resourceType == "*" || all.contains(resourceType)
    }
}
