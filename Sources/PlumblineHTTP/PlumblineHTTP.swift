// PlumblineHTTP: The one HTTP transport every provider shares.
// Filled in by its own issue.
