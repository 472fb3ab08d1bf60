module github.com/pulumi-atlas-restore/tests/go-clients

go 1.26

require (
	github.com/mongodb-forks/digest v1.1.0
	go.mongodb.org/atlas v0.38.0
	go.mongodb.org/atlas-sdk/v20250312018 v20250312018.1.0
)

require (
	github.com/google/go-querystring v1.1.0 // indirect
	golang.org/x/oauth2 v0.36.0 // indirect
)
