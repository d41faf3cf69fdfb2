/// The resource type names the server accepts: FHIR R4's plus Medplum's own, and the access
/// classes Medplum gives some of them (contract 4.6).
enum ResourceTypes {
    /// Whether Medplum would recognise `name` as a resource type.
    static func isKnown(_ name: String) -> Bool {
        all.contains(name)
    }

    /// Super-admin only: everyone else gets 403 for every interaction.
    static let protected: Set<String> = ["Login", "JsonWebKey", "DomainConfiguration"]

    /// Never granted by a `*` policy entry; project admins get rules of their own for them.
    static let projectAdmin: Set<String> = ["Project", "ProjectMembership", "User", "UserSecurityRequest"]

    static let medplum: Set<String> = [
        "AccessPolicy", "AsyncJob", "Agent", "BulkDataExport", "Bot", "ClientApplication", "DomainConfiguration",
        "IdentityProvider", "JsonWebKey", "Login", "PasswordChangeRequest", "Project", "ProjectMembership",
        "SmartAppLaunch", "User", "UserConfiguration", "UserSecurityRequest",
    ]

    static let fhirR4: Set<String> = [
        "Account", "ActivityDefinition", "AdverseEvent", "AllergyIntolerance", "Appointment", "AppointmentResponse",
        "AuditEvent", "Basic", "Binary", "BiologicallyDerivedProduct", "BodyStructure", "Bundle", "CapabilityStatement",
        "CarePlan", "CareTeam", "CatalogEntry", "ChargeItem", "ChargeItemDefinition", "Claim", "ClaimResponse",
        "ClinicalImpression", "CodeSystem", "Communication", "CommunicationRequest", "CompartmentDefinition",
        "Composition", "ConceptMap", "Condition", "Consent", "Contract", "Coverage", "CoverageEligibilityRequest",
        "CoverageEligibilityResponse", "DetectedIssue", "Device", "DeviceDefinition", "DeviceMetric", "DeviceRequest",
        "DeviceUseStatement", "DiagnosticReport", "DocumentManifest", "DocumentReference", "EffectEvidenceSynthesis",
        "Encounter", "Endpoint", "EnrollmentRequest", "EnrollmentResponse", "EpisodeOfCare", "EventDefinition",
        "Evidence", "EvidenceVariable", "ExampleScenario", "ExplanationOfBenefit", "FamilyMemberHistory", "Flag",
        "Goal", "GraphDefinition", "Group", "GuidanceResponse", "HealthcareService", "ImagingStudy", "Immunization",
        "ImmunizationEvaluation", "ImmunizationRecommendation", "ImplementationGuide", "InsurancePlan", "Invoice",
        "Library", "Linkage", "List", "Location", "Measure", "MeasureReport", "Media", "Medication",
        "MedicationAdministration", "MedicationDispense", "MedicationKnowledge", "MedicationRequest",
        "MedicationStatement", "MedicinalProduct", "MedicinalProductAuthorization", "MedicinalProductContraindication",
        "MedicinalProductIndication", "MedicinalProductIngredient", "MedicinalProductInteraction",
        "MedicinalProductManufactured", "MedicinalProductPackaged", "MedicinalProductPharmaceutical",
        "MedicinalProductUndesirableEffect", "MessageDefinition", "MessageHeader", "MolecularSequence", "NamingSystem",
        "NutritionOrder", "Observation", "ObservationDefinition", "OperationDefinition", "OperationOutcome",
        "Organization", "OrganizationAffiliation", "Parameters", "Patient", "PaymentNotice", "PaymentReconciliation",
        "Person", "PlanDefinition", "Practitioner", "PractitionerRole", "Procedure", "Provenance", "Questionnaire",
        "QuestionnaireResponse", "RelatedPerson", "RequestGroup", "ResearchDefinition", "ResearchElementDefinition",
        "ResearchStudy", "ResearchSubject", "RiskAssessment", "RiskEvidenceSynthesis", "Schedule", "SearchParameter",
        "ServiceRequest", "Slot", "Specimen", "SpecimenDefinition", "StructureDefinition", "StructureMap",
        "Subscription", "Substance", "SubstanceNucleicAcid", "SubstancePolymer", "SubstanceProtein",
        "SubstanceReferenceInformation", "SubstanceSourceMaterial", "SubstanceSpecification", "SupplyDelivery",
        "SupplyRequest", "Task", "TerminologyCapabilities", "TestReport", "TestScript", "ValueSet", "VerificationResult",
        "VisionPrescription",
    ]

    static let all: Set<String> = fhirR4.union(medplum)

    /// Types that can be a ProjectMembership profile.
    static let profileTypes: Set<String> = ["Patient", "Practitioner", "RelatedPerson"]
}
