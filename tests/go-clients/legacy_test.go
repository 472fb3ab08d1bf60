package goclients

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/mongodb-forks/digest"
	matlas "go.mongodb.org/atlas/mongodbatlas"
)

// Fields the legacy client's models predate (the OpenAPI `BackupSnapshot` / `BackupRestoreJob`
// have them; so does live Atlas): not a drop the emulator should fix.
var (
	legacySnapshotExtras = []string{"clusterName", "incremental"}
	legacyJobExtras      = []string{"delivery.urlV2", "delivery.authHeader", "delivery.authValue"}
)

func prefixed(prefix string, paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = prefix + p
	}
	return out
}

func legacyClient(t *testing.T, publicKey, privateKey string) (*matlas.Client, *recorder) {
	t.Helper()
	rec := newRecorder()
	hc, err := digest.NewTransportWithHTTPRoundTripper(publicKey, privateKey, rec).Client()
	if err != nil {
		t.Fatal(err)
	}
	c, err := matlas.New(hc, matlas.SetBaseURL(cfg.BaseURL+"/"))
	if err != nil {
		t.Fatal(err)
	}
	return c, rec
}

// wantAtlasError fails unless err is the client's *ErrorResponse with this status and code.
func wantAtlasError(t *testing.T, what string, err error, status int, code string) {
	t.Helper()
	var e *matlas.ErrorResponse
	if !errors.As(err, &e) {
		t.Fatalf("%s: want a %d %s ErrorResponse, got %v", what, status, code, err)
	}
	if e.HTTPCode != status || e.ErrorCode != code || e.Reason == "" || e.Detail == "" {
		t.Errorf("%s: want %d %s with reason and detail, got %d %q reason %q detail %q", what, status, code, e.HTTPCode, e.ErrorCode, e.Reason, e.Detail)
	}
}

func TestLegacySnapshots(t *testing.T) {
	needEmulator(t)
	c, rec := legacyClient(t, cfg.PublicKey, cfg.PrivateKey)
	ctx := context.Background()
	id := cfg.IDs

	t.Run("List sharded: complete snapshots, one part per shard and config server, every part field", func(t *testing.T) {
		list, _, err := c.ContinuousSnapshots.List(ctx, id.ProjectID, id.Sharded, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(list.Results) == 0 || len(list.Results[0].Parts) != 3 {
			t.Fatalf("want snapshots with 3 parts, got %+v", list.Results)
		}
		p := list.Results[0].Parts[0]
		if p.DataSizeBytes == 0 || p.StorageSizeBytes == 0 || p.FileSizeBytes == 0 || p.MongodVersion == "" || p.CompressionSetting == "" {
			t.Errorf("part lacks sizes, mongodVersion or compressionSetting: %+v", p)
		}
		rec.checkDecoded(t, "GET", "/snapshots", list, prefixed("results[].", legacySnapshotExtras)...)
	})

	t.Run("Get one (the list links to it), with the replica set's single part", func(t *testing.T) {
		s, _, err := c.ContinuousSnapshots.Get(ctx, id.ProjectID, id.ReplicaSet, id.ReplicaSetSnapshotID)
		if err != nil {
			t.Fatal(err)
		}
		if s.ID != id.ReplicaSetSnapshotID || !s.Complete || len(s.Parts) != 1 || s.Parts[0].ReplicaSetName != id.ReplicaSet || s.Expires == "" {
			t.Errorf("unexpected snapshot %+v", s)
		}
		rec.checkDecoded(t, "GET", "/snapshots/"+id.ReplicaSetSnapshotID, s, legacySnapshotExtras...)
	})

	t.Run("an expired snapshot is gone: in no list, 404 SNAPSHOT_NOT_FOUND", func(t *testing.T) {
		_, _, err := c.ContinuousSnapshots.Get(ctx, id.ProjectID, id.ReplicaSet, id.ExpiredLegacySnapshot)
		wantAtlasError(t, "GET expired snapshot", err, 404, "SNAPSHOT_NOT_FOUND")
		list, _, err := c.ContinuousSnapshots.List(ctx, id.ProjectID, id.ReplicaSet, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list.Results {
			if s.ID == id.ExpiredLegacySnapshot {
				t.Errorf("expired snapshot %s is still listed", s.ID)
			}
		}
	})
}

func TestLegacyCheckpoints(t *testing.T) {
	needEmulator(t)
	c, rec := legacyClient(t, cfg.PublicKey, cfg.PrivateKey)
	ctx := context.Background()
	id := cfg.IDs

	list, _, err := c.Checkpoints.List(ctx, id.ProjectID, id.Sharded, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Results) != 1 || list.Results[0].ID != id.CheckpointID || len(list.Results[0].Parts) != 3 {
		t.Fatalf("want the fixture's checkpoint with 3 parts, got %+v", list.Results)
	}
	rec.checkDecoded(t, "GET", "/backupCheckpoints", list)

	one, _, err := c.Checkpoints.Get(ctx, id.ProjectID, id.Sharded, id.CheckpointID)
	if err != nil {
		t.Fatal(err)
	}
	if !one.Restorable || one.Timestamp == "" || one.ClusterID == "" {
		t.Errorf("unexpected checkpoint %+v", one)
	}
	rec.checkDecoded(t, "GET", "/backupCheckpoints/"+id.CheckpointID, one)
}

func TestLegacyRestoreJobs(t *testing.T) {
	needEmulator(t)
	c, rec := legacyClient(t, cfg.PublicKey, cfg.PrivateKey)
	ctx := context.Background()
	id := cfg.IDs
	automated := func(targetCluster string) matlas.Delivery {
		return matlas.Delivery{MethodName: "AUTOMATED_RESTORE", TargetGroupID: id.DrProjectID, TargetClusterName: targetCluster}
	}
	create := func(t *testing.T, cluster string, req *matlas.ContinuousJobRequest, want int) *matlas.ContinuousJobs {
		t.Helper()
		jobs, _, err := c.ContinuousRestoreJobs.Create(ctx, id.ProjectID, cluster, req)
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs.Results) != want {
			t.Fatalf("want %d jobs, got %d", want, len(jobs.Results))
		}
		rec.checkDecoded(t, "POST", "/restoreJobs", jobs, prefixed("results[].", legacyJobExtras)...)
		return jobs
	}

	t.Run("HTTP download of a replica set: created, then READY with a URL, every field kept", func(t *testing.T) {
		jobs := create(t, id.ReplicaSet, &matlas.ContinuousJobRequest{Delivery: matlas.Delivery{MethodName: "HTTP", ExpirationHours: 2, MaxDownloads: 1}, SnapshotID: id.ReplicaSetSnapshotID}, 1)
		jobID := jobs.Results[0].ID
		var job *matlas.ContinuousJob
		eventually(t, "delivery READY", func() (bool, error) {
			var err error
			job, _, err = c.ContinuousRestoreJobs.Get(ctx, id.ProjectID, id.ReplicaSet, jobID)
			return err == nil && job.Delivery.StatusName == "READY", err
		})
		if job.Delivery.URL == "" || job.StatusName != "FINISHED" {
			t.Errorf("a READY download has a URL and a FINISHED job: %+v", job.Delivery)
		}
		rec.checkDecoded(t, "GET", "/restoreJobs/"+jobID, job, legacyJobExtras...)
	})

	t.Run("HTTP download of a sharded cluster: one job per shard and config server, one batch", func(t *testing.T) {
		jobs := create(t, id.Sharded, &matlas.ContinuousJobRequest{Delivery: matlas.Delivery{MethodName: "HTTP"}, SnapshotID: id.ShardedSnapshotID}, 3)
		if b := jobs.Results[0].BatchID; b == "" || jobs.Results[1].BatchID != b || jobs.Results[2].BatchID != b {
			t.Errorf("want one batchId, got %q %q %q", b, jobs.Results[1].BatchID, jobs.Results[2].BatchID)
		}
	})

	t.Run("automated restore of a snapshot into the DR cluster", func(t *testing.T) {
		jobs := create(t, id.ReplicaSet, &matlas.ContinuousJobRequest{Delivery: automated(id.DrReplicaSet), SnapshotID: id.ReplicaSetSnapshotID}, 1)
		if d := jobs.Results[0].Delivery; d.TargetClusterName != id.DrReplicaSet || d.TargetGroupID != id.DrProjectID {
			t.Errorf("target not echoed: %+v", d)
		}
	})

	t.Run("checkpoint restore (the client spells it checkPointId)", func(t *testing.T) {
		create(t, id.Sharded, &matlas.ContinuousJobRequest{Delivery: automated(id.DrSharded), CheckPointID: id.CheckpointID}, 3)
	})

	recent, _, err := c.ContinuousSnapshots.Get(ctx, id.ProjectID, id.ReplicaSet, id.RecentLegacySnapshot)
	if err != nil {
		t.Fatalf("the recent snapshot the PIT checks start from: %v", err)
	}
	snapshotAt, err := time.Parse(time.RFC3339, recent.Created.Date)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("point-in-time restore (pointInTimeUTCMillis as a float64) inside the 24-hour window", func(t *testing.T) {
		at := snapshotAt.Add(time.Minute)
		jobs := create(t, id.ReplicaSet, &matlas.ContinuousJobRequest{Delivery: automated(id.DrReplicaSet), PointInTimeUTCMillis: float64(at.UnixMilli())}, 1)
		if j := jobs.Results[0]; j.PointInTime == nil || !*j.PointInTime || j.SnapshotID != id.RecentLegacySnapshot {
			t.Errorf("want a PIT job from the recent snapshot, got %+v", j)
		}
	})

	t.Run("oplog restore (oplogTs as a string of seconds)", func(t *testing.T) {
		at := snapshotAt.Add(2 * time.Minute)
		create(t, id.ReplicaSet, &matlas.ContinuousJobRequest{Delivery: automated(id.DrReplicaSet), OplogTS: strconv.FormatInt(at.Unix(), 10), OplogInc: 3}, 1)
	})

	t.Run("List: newest first, every field kept", func(t *testing.T) {
		list, _, err := c.ContinuousRestoreJobs.List(ctx, id.ProjectID, id.ReplicaSet, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(list.Results) < 4 {
			t.Errorf("want the jobs created above, got %d", len(list.Results))
		}
		rec.checkDecoded(t, "GET", "/restoreJobs", list, prefixed("results[].", legacyJobExtras)...)
	})
}

func TestLegacyErrors(t *testing.T) {
	needEmulator(t)
	c, _ := legacyClient(t, cfg.PublicKey, cfg.PrivateKey)
	ctx := context.Background()
	id := cfg.IDs
	auto := matlas.Delivery{MethodName: "AUTOMATED_RESTORE", TargetGroupID: id.DrProjectID, TargetClusterName: id.DrReplicaSet}

	_, _, err := c.ContinuousRestoreJobs.Create(ctx, id.ProjectID, id.ReplicaSet, &matlas.ContinuousJobRequest{Delivery: matlas.Delivery{MethodName: "HTTP"}, SnapshotID: "aaaaaaaaaaaaaaaaaaaaaaaa"})
	wantAtlasError(t, "unknown snapshot", err, 404, "SNAPSHOT_NOT_FOUND")

	_, _, err = c.ContinuousRestoreJobs.Create(ctx, id.ProjectID, id.ReplicaSet, &matlas.ContinuousJobRequest{Delivery: matlas.Delivery{MethodName: "HTTP"}, SnapshotID: id.ExpiredLegacySnapshot})
	wantAtlasError(t, "expired snapshot", err, 409, "CANNOT_START_RESTORE_JOB_FOR_DELETED_SNAPSHOT")

	old := time.Now().Add(-25 * time.Hour)
	_, _, err = c.ContinuousRestoreJobs.Create(ctx, id.ProjectID, id.ReplicaSet, &matlas.ContinuousJobRequest{Delivery: auto, PointInTimeUTCMillis: float64(old.UnixMilli())})
	wantAtlasError(t, "PIT outside the 24-hour window", err, 400, "INVALID_ATTRIBUTE")

	_, _, err = c.ContinuousRestoreJobs.List(ctx, id.ProjectID, "Nope0", nil)
	wantAtlasError(t, "unknown cluster", err, 404, "CLUSTER_NAME_NOT_FOUND")

	bad, _ := legacyClient(t, cfg.PublicKey, "not-the-private-key")
	_, res, err := bad.ContinuousRestoreJobs.List(ctx, id.ProjectID, id.ReplicaSet, nil)
	if res == nil || res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong key: want 401, got %v", err)
	}
	wantAtlasError(t, fmt.Sprintf("wrong key (%v)", err), err, 401, "UNAUTHORIZED")
}
