// MedplumSandbox: A faithful emulator of the Medplum API surface in contracts/medplum.md.
// Filled in by its own issue.
