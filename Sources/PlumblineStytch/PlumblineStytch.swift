// PlumblineStytch: The Stytch B2B client: wire types, live-state reader, applier and session reader.
// Filled in by its own issue.
