// PlumblineMedplum: The Medplum client: wire types, live-state reader and applier.
// Filled in by its own issue.
