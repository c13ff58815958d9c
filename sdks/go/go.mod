module github.com/strata-platform/strata/sdks/go

go 1.23
