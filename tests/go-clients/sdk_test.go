package goclients

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/mongodb-forks/digest"
	"go.mongodb.org/atlas-sdk/v20250312018/admin"
	"go.mongodb.org/atlas-sdk/v20250312018/auth"
)

// Fields live Atlas answers that the SDK's model lacks (REC, atlas-v2-and-auth.md §1.4): the
// emulator sends them because Atlas does.
var sdkJobExtras = []string{"targetDeploymentItemName", "desiredTimestamp.time"}

func sdkClient(t *testing.T, publicKey, privateKey string) (*admin.APIClient, *recorder) {
	t.Helper()
	rec := newRecorder()
	hc, err := digest.NewTransportWithHTTPRoundTripper(publicKey, privateKey, rec).Client()
	if err != nil {
		t.Fatal(err)
	}
	c, err := admin.NewClient(admin.UseBaseURL(cfg.BaseURL), admin.UseHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	return c, rec
}

// wantAPIError fails unless err carries the SDK's ApiError with this status and code.
func wantAPIError(t *testing.T, what string, err error, status int, code string) {
	t.Helper()
	e, ok := admin.AsError(err)
	if !ok {
		t.Fatalf("%s: want %d %s, got %v", what, status, code, err)
	}
	if e.GetError() != status || e.GetErrorCode() != code || e.GetReason() == "" || e.GetDetail() == "" {
		t.Errorf("%s: want %d %s with reason and detail, got %d %q reason %q detail %q", what, status, code, e.GetError(), e.GetErrorCode(), e.GetReason(), e.GetDetail())
	}
}

func TestSDKClusterProbe(t *testing.T) {
	needEmulator(t)
	c, rec := sdkClient(t, cfg.PublicKey, cfg.PrivateKey)
	ctx := context.Background()
	id := cfg.IDs

	for _, name := range []string{id.CloudReplicaSet, id.CloudSharded} {
		cl, _, err := c.ClustersApi.GetCluster(ctx, id.ProjectID, name).Execute()
		if err != nil {
			t.Fatalf("GetCluster %s: %v", name, err)
		}
		if cl.GetName() != name || cl.GetStateName() != "IDLE" || !cl.GetBackupEnabled() || len(cl.GetReplicationSpecs()) == 0 {
			t.Errorf("unexpected cluster %s: %+v", name, cl)
		}
		rec.checkDecoded(t, "GET", "/clusters/"+name, cl)
	}
	_, _, err := c.ClustersApi.GetCluster(ctx, id.ProjectID, "Nope0").Execute()
	wantAPIError(t, "missing cluster", err, 404, "CLUSTER_NOT_FOUND")
	_, _, err = c.FlexRestoreJobsApi.GetFlexRestoreJob(ctx, id.ProjectID, id.CloudReplicaSet, "aaaaaaaaaaaaaaaaaaaaaaaa").Execute()
	wantAPIError(t, "Flex API on a dedicated cluster", err, 400, "CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API")
	_, _, err = c.FlexRestoreJobsApi.ListFlexRestoreJobs(ctx, id.ProjectID, id.CloudReplicaSet).Execute()
	wantAPIError(t, "Flex list on a dedicated cluster", err, 400, "CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API")
}

func TestSDKSnapshotsAndRestores(t *testing.T) {
	needEmulator(t)
	c, rec := sdkClient(t, cfg.PublicKey, cfg.PrivateKey)
	ctx := context.Background()
	id := cfg.IDs
	api := c.CloudBackupsApi
	create := func(t *testing.T, cluster string, job admin.DiskBackupSnapshotRestoreJob) *admin.DiskBackupSnapshotRestoreJob {
		t.Helper()
		out, _, err := api.CreateBackupRestoreJob(ctx, id.ProjectID, cluster, &job).Execute()
		if err != nil {
			t.Fatalf("create %s: %v", job.DeliveryType, err)
		}
		rec.checkDecoded(t, "POST", "/backup/restoreJobs", out, sdkJobExtras...)
		return out
	}
	get := func(t *testing.T, cluster, jobID string) *admin.DiskBackupSnapshotRestoreJob {
		t.Helper()
		out, _, err := api.GetBackupRestoreJob(ctx, id.ProjectID, cluster, jobID).Execute()
		if err != nil {
			t.Fatal(err)
		}
		rec.checkDecoded(t, "GET", "/backup/restoreJobs/"+jobID, out, sdkJobExtras...)
		return out
	}
	// The Atlas CLI's `restores watch` rule: done when expired, cancelled, failed, finished, or a download has a URL.
	watch := func(t *testing.T, cluster, jobID string) *admin.DiskBackupSnapshotRestoreJob {
		t.Helper()
		var job *admin.DiskBackupSnapshotRestoreJob
		eventually(t, "restore "+jobID, func() (bool, error) {
			job = get(t, cluster, jobID)
			return job.GetExpired() || job.GetCancelled() || job.GetFailed() || job.HasFinishedAt() ||
				(job.GetDeliveryType() == "download" && len(job.GetDeliveryUrl()) > 0), nil
		})
		return job
	}

	t.Run("snapshots: list, one, sharded views", func(t *testing.T) {
		list, _, err := api.ListBackupSnapshots(ctx, id.ProjectID, id.CloudReplicaSet).Execute()
		if err != nil || list.GetTotalCount() == 0 {
			t.Fatalf("list: %v %+v", err, list)
		}
		rec.checkDecoded(t, "GET", "/backup/snapshots", list)
		one, _, err := api.GetClusterBackupSnapshot(ctx, id.ProjectID, id.CloudReplicaSet, id.CloudReplicaSetSnapshot).Execute()
		if err != nil || one.GetStatus() != "completed" {
			t.Fatalf("one: %v %+v", err, one)
		}
		rec.checkDecoded(t, "GET", "/backup/snapshots/"+id.CloudReplicaSetSnapshot, one)
		sharded, _, err := api.ListBackupShardedClusters(ctx, id.ProjectID, id.CloudSharded).Execute()
		if err != nil || sharded.GetTotalCount() == 0 {
			t.Fatalf("sharded list: %v", err)
		}
		rec.checkDecoded(t, "GET", "/backup/snapshots/shardedClusters", sharded)
		member, _, err := api.GetBackupShardedCluster(ctx, id.ProjectID, id.CloudSharded, id.CloudShardedSnapshot).Execute()
		if err != nil || len(member.GetMembers()) != 3 {
			t.Fatalf("sharded one: %v %+v", err, member)
		}
		rec.checkDecoded(t, "GET", "/backup/snapshots/shardedCluster/"+id.CloudShardedSnapshot, member)
		_, _, err = api.GetClusterBackupSnapshot(ctx, id.ProjectID, id.CloudReplicaSet, id.ExpiredCloudSnapshot).Execute()
		wantAPIError(t, "expired snapshot", err, 404, "SNAPSHOT_NOT_FOUND")
	})

	// An on-demand snapshot: what a DR drill takes first, and what a PIT restore then starts from.
	snap, _, err := api.TakeSnapshots(ctx, id.ProjectID, id.CloudReplicaSet, &admin.DiskBackupOnDemandSnapshotRequest{
		Description: admin.PtrString("go-clients drill"), RetentionInDays: admin.PtrInt(1),
	}).Execute()
	if err != nil {
		t.Fatalf("take an on-demand snapshot: %v", err)
	}
	rec.checkDecoded(t, "POST", "/backup/snapshots", snap)
	if snap.GetStatus() != "queued" || snap.GetSnapshotType() != "onDemand" || snap.GetDescription() != "go-clients drill" {
		t.Errorf("a fresh on-demand snapshot is queued: %+v", snap)
	}
	var taken *admin.DiskBackupReplicaSet
	eventually(t, "on-demand snapshot completed", func() (bool, error) {
		var err error
		taken, _, err = api.GetClusterBackupSnapshot(ctx, id.ProjectID, id.CloudReplicaSet, snap.GetId()).Execute()
		return err == nil && taken.GetStatus() == "completed", err
	})
	rec.checkDecoded(t, "GET", "/backup/snapshots/"+snap.GetId(), taken)

	t.Run("download: a URL (then a .tar.gz), no finishedAt", func(t *testing.T) {
		job := create(t, id.CloudReplicaSet, admin.DiskBackupSnapshotRestoreJob{DeliveryType: "download", SnapshotId: admin.PtrString(snap.GetId())})
		job = watch(t, id.CloudReplicaSet, job.GetId())
		if len(job.GetDeliveryUrl()) != 1 || job.HasFinishedAt() {
			t.Fatalf("a ready download has one URL and no finishedAt: %+v", job)
		}
		res, err := http.Get(job.GetDeliveryUrl()[0])
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		head := make([]byte, 2)
		if _, err := io.ReadFull(res.Body, head); err != nil || res.StatusCode != 200 || head[0] != 0x1f || head[1] != 0x8b {
			t.Errorf("the URL serves a gzip file: status %d, %v, % x", res.StatusCode, err, head)
		}
	})

	t.Run("automated: finishedAt; it cannot be cancelled", func(t *testing.T) {
		job := create(t, id.CloudReplicaSet, admin.DiskBackupSnapshotRestoreJob{DeliveryType: "automated", SnapshotId: admin.PtrString(id.CloudReplicaSetSnapshot), TargetClusterName: admin.PtrString(id.DrCloudReplicaSet), TargetGroupId: admin.PtrString(id.DrProjectID)})
		_, err := api.CancelBackupRestoreJob(ctx, id.ProjectID, id.CloudReplicaSet, job.GetId()).Execute()
		wantAPIError(t, "cancel an automated restore", err, 400, "CANNOT_CANCEL_AUTOMATED_RESTORE")
		if job = watch(t, id.CloudReplicaSet, job.GetId()); !job.HasFinishedAt() {
			t.Errorf("an automated restore ends with finishedAt: %+v", job)
		}
	})

	t.Run("point in time inside the restore window, from the on-demand snapshot", func(t *testing.T) {
		at := int(taken.GetCreatedAt().Unix()) + 1
		job := create(t, id.CloudReplicaSet, admin.DiskBackupSnapshotRestoreJob{DeliveryType: "pointInTime", PointInTimeUTCSeconds: admin.PtrInt(at), TargetClusterName: admin.PtrString(id.DrCloudReplicaSet2), TargetGroupId: admin.PtrString(id.DrProjectID)})
		if job.GetSnapshotId() != snap.GetId() || job.GetPointInTimeUTCSeconds() != at {
			t.Errorf("want a PIT restore from %s at %d, got %+v", snap.GetId(), at, job)
		}
		watch(t, id.CloudReplicaSet, job.GetId())
	})

	t.Run("refused as Atlas refuses: outside the window, an expired snapshot", func(t *testing.T) {
		old := int(time.Now().Add(-30 * 24 * time.Hour).Unix())
		_, _, err := api.CreateBackupRestoreJob(ctx, id.ProjectID, id.CloudReplicaSet, &admin.DiskBackupSnapshotRestoreJob{DeliveryType: "pointInTime", PointInTimeUTCSeconds: admin.PtrInt(old), TargetClusterName: admin.PtrString(id.DrCloudReplicaSet2), TargetGroupId: admin.PtrString(id.DrProjectID)}).Execute()
		wantAPIError(t, "PIT outside the window", err, 400, "INVALID_PIT_RESTORE_TIME")
		_, _, err = api.CreateBackupRestoreJob(ctx, id.ProjectID, id.CloudReplicaSet, &admin.DiskBackupSnapshotRestoreJob{DeliveryType: "download", SnapshotId: admin.PtrString(id.ExpiredCloudSnapshot)}).Execute()
		wantAPIError(t, "restore of an expired snapshot", err, 409, "CANNOT_START_RESTORE_JOB_FOR_DELETED_SNAPSHOT")
	})

	t.Run("sharded download: one URL per shard and config server; cancelled with 204", func(t *testing.T) {
		job := create(t, id.CloudSharded, admin.DiskBackupSnapshotRestoreJob{DeliveryType: "download", SnapshotId: admin.PtrString(id.CloudShardedSnapshot)})
		job = watch(t, id.CloudSharded, job.GetId())
		for _, m := range job.GetComponents() {
			if m.GetDownloadUrl() == "" {
				t.Errorf("component %s has no downloadUrl", m.GetReplicaSetName())
			}
		}
		if len(job.GetComponents()) != 3 {
			t.Errorf("want 3 components, got %d", len(job.GetComponents()))
		}
		res, err := api.CancelBackupRestoreJob(ctx, id.ProjectID, id.CloudSharded, job.GetId()).Execute()
		if err != nil || res.StatusCode != http.StatusNoContent {
			t.Fatalf("cancel a download: %v", err)
		}
		if !get(t, id.CloudSharded, job.GetId()).GetCancelled() {
			t.Error("a cancelled download says cancelled: true")
		}
	})

	t.Run("list: every job, every field kept", func(t *testing.T) {
		list, _, err := api.ListBackupRestoreJobs(ctx, id.ProjectID, id.CloudReplicaSet).Execute()
		if err != nil || list.GetTotalCount() < 3 {
			t.Fatalf("list: %v %+v", err, list)
		}
		rec.checkDecoded(t, "GET", "/backup/restoreJobs", list, prefixed("results[].", sdkJobExtras)...)
	})

	t.Run("the on-demand snapshot is deleted: 204, then 404", func(t *testing.T) {
		if _, err := api.DeleteClusterBackupSnapshot(ctx, id.ProjectID, id.CloudReplicaSet, snap.GetId()).Execute(); err != nil {
			t.Fatal(err)
		}
		_, _, err := api.GetClusterBackupSnapshot(ctx, id.ProjectID, id.CloudReplicaSet, snap.GetId()).Execute()
		wantAPIError(t, "deleted snapshot", err, 404, "SNAPSHOT_NOT_FOUND")
	})
}

func TestSDKLegacyBackupOnV2(t *testing.T) {
	needEmulator(t)
	c, rec := sdkClient(t, cfg.PublicKey, cfg.PrivateKey)
	ctx := context.Background()
	id := cfg.IDs
	api := c.LegacyBackupApi
	snaps, _, err := api.ListClusterSnapshots(ctx, id.ProjectID, id.Sharded).Execute()
	if err != nil || snaps.GetTotalCount() == 0 {
		t.Fatalf("list: %v", err)
	}
	rec.checkDecoded(t, "GET", "/snapshots", snaps)
	one, _, err := api.GetClusterSnapshot(ctx, id.ProjectID, id.Sharded, id.ShardedSnapshotID).Execute()
	if err != nil || len(one.GetParts()) != 3 {
		t.Fatalf("one: %v", err)
	}
	rec.checkDecoded(t, "GET", "/snapshots/"+id.ShardedSnapshotID, one)
	cps, _, err := api.ListClusterBackupCheckpoints(ctx, id.ProjectID, id.Sharded).Execute()
	if err != nil || cps.GetTotalCount() != 1 {
		t.Fatalf("checkpoints: %v", err)
	}
	rec.checkDecoded(t, "GET", "/backupCheckpoints", cps)
	cp, _, err := api.GetClusterBackupCheckpoint(ctx, id.ProjectID, id.CheckpointID, id.Sharded).Execute()
	if err != nil || !cp.GetRestorable() {
		t.Fatalf("checkpoint: %v %+v", err, cp)
	}
	rec.checkDecoded(t, "GET", "/backupCheckpoints/"+id.CheckpointID, cp)
}

func TestSDKErrors(t *testing.T) {
	needEmulator(t)
	bad, _ := sdkClient(t, cfg.PublicKey, "not-the-private-key")
	_, _, err := bad.CloudBackupsApi.ListBackupRestoreJobs(context.Background(), cfg.IDs.ProjectID, cfg.IDs.CloudReplicaSet).Execute()
	wantAPIError(t, "wrong digest key", err, 401, "UNAUTHORIZED")
}

// A service-account token is cached by the SDK (golang.org/x/oauth2) for `expires_in` REAL
// seconds and a 401 is not retried: the emulator must honour that at any time scale. The jest
// test runs the emulator at time scale 60 with 120-second tokens, so this reuse, 5 real seconds
// (5 emulated minutes) later, outlives the token's life on the emulated clock 2.5 times over.
func TestSDKServiceAccountTokenReuse(t *testing.T) {
	needEmulator(t)
	rec := newRecorder()
	ctx := context.WithValue(context.Background(), auth.HTTPClient, &http.Client{Transport: rec})
	c, err := admin.NewClient(admin.UseBaseURL(cfg.BaseURL), admin.UseOAuthAuth(ctx, cfg.ClientID, cfg.ClientSecret))
	if err != nil {
		t.Fatal(err)
	}
	before := tokenStats(t)
	for i := 0; i < 2; i++ {
		if i == 1 {
			time.Sleep(5 * time.Second)
		}
		list, _, err := c.CloudBackupsApi.ListBackupRestoreJobs(ctx, cfg.IDs.ProjectID, cfg.IDs.CloudReplicaSet).Execute()
		if err != nil {
			t.Fatalf("call %d with the cached token: %v", i+1, err)
		}
		rec.checkDecoded(t, "GET", "/backup/restoreJobs", list, prefixed("results[].", sdkJobExtras)...)
	}
	if issued := tokenStats(t) - before; issued != 1 {
		t.Errorf("want one token for both calls, %d were issued", issued)
	}
}
