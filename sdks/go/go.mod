module github.com/strata-platform/strata/sdks/go

go 1.23

require (
	github.com/oapi-codegen/runtime v1.1.2
	github.com/standard-webhooks/standard-webhooks/libraries v1.3.0
)

require (
	github.com/apapsch/go-jsonmerge/v2 v2.0.0 // indirect
	github.com/google/uuid v1.5.0 // indirect
)
