module github.com/strata-platform/strata/sdks/go

go 1.23

require github.com/standard-webhooks/standard-webhooks/libraries v1.3.0
