// A restore declared in Go with the packaged provider's generated SDK (scripts/plugin/gen-sdks.sh):
// a replica set's snapshot as a download link. tests/real-engine/languages.test.ts writes the
// go.mod beside it (the SDK by a replace directive) and runs `pulumi up` with the Go host.
package main

import (
	"pulumi-atlas-restore/sdk/go/atlasrestore"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		job, err := atlasrestore.NewRestoreJob(ctx, "replicaSetDownload", &atlasrestore.RestoreJobArgs{
			ProjectId:   pulumi.String(cfg.Require("projectId")),
			ClusterName: pulumi.String("ReplicaSet0"),
			SnapshotId:  pulumi.String("6b9a100287d9d61443b4b002"),
			Delivery:    atlasrestore.RestoreDeliveryArgs{MethodName: pulumi.String("HTTP")},
		})
		if err != nil {
			return err
		}
		ctx.Export("status", job.Status)
		ctx.Export("deliveryUrls", job.DeliveryUrls)
		return nil
	})
}
