module github.com/pulumi-atlas-restore/tests/go-clients

go 1.26

require (
	go.mongodb.org/atlas v0.38.0 // indirect
	go.mongodb.org/atlas-sdk/v20250312018 v20250312018.1.0 // indirect
)
