// StytchSandbox: A faithful emulator of the Stytch B2B API surface in contracts/stytch.md.
// Filled in by its own issue.
