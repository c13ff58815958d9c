package strata

// Version is the SDK's semantic version. Its major version is the Strata API version it
// speaks (API version 2, paths under /v2).
const Version = "2.0.0"

// userAgent is sent on every request, with anything added by WithUserAgent after it.
const userAgent = "strata-go/" + Version
