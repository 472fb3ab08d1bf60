// Package goclients runs MongoDB's own Go clients against a running Atlas emulator: the legacy
// client (go.mongodb.org/atlas) and the Admin API v2 SDK (go.mongodb.org/atlas-sdk). It is the
// emulator's contract with the clients its users also use, not with ours.
//
// Each check fails on a decode error, on a status the client does not expect, or on a field the
// client drops: every answer is recorded on the wire and compared, key by key, with what the
// client decoded (dropped_test.go). Started by tests/emulator/go-clients.test.ts, which passes the
// emulator in the environment (see config below); without it every check is skipped.
package goclients

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// config is what the jest test passes: where the emulator listens, its credentials and the ids of
// its fixture world (ATLAS_EMU_IDS, JSON).
type config struct {
	BaseURL      string
	PublicKey    string
	PrivateKey   string
	ClientID     string
	ClientSecret string
	IDs          ids
}

type ids struct {
	ProjectID   string `json:"projectId"`
	DrProjectID string `json:"drProjectId"`
	// Legacy backup.
	Sharded               string `json:"sharded"`
	ShardedSnapshotID     string `json:"shardedSnapshotId"`
	CheckpointID          string `json:"checkpointId"`
	DrSharded             string `json:"drSharded"`
	ReplicaSet            string `json:"replicaSet"`
	ReplicaSetSnapshotID  string `json:"replicaSetSnapshotId"`
	RecentLegacySnapshot  string `json:"recentLegacySnapshotId"`
	ExpiredLegacySnapshot string `json:"expiredLegacySnapshotId"`
	DrReplicaSet          string `json:"drReplicaSet"`
	// Cloud Backup.
	CloudReplicaSet         string `json:"cloudReplicaSet"`
	CloudReplicaSetSnapshot string `json:"cloudReplicaSetSnapshotId"`
	ExpiredCloudSnapshot    string `json:"expiredCloudSnapshotId"`
	CloudSharded            string `json:"cloudSharded"`
	CloudShardedSnapshot    string `json:"cloudShardedSnapshotId"`
	DrCloudReplicaSet       string `json:"drCloudReplicaSet"`
	DrCloudReplicaSet2      string `json:"drCloudReplicaSet2"`
}

var cfg config

func TestMain(m *testing.M) {
	cfg = config{
		BaseURL:      strings.TrimSuffix(os.Getenv("ATLAS_EMU_BASE_URL"), "/"),
		PublicKey:    os.Getenv("ATLAS_EMU_PUBLIC_KEY"),
		PrivateKey:   os.Getenv("ATLAS_EMU_PRIVATE_KEY"),
		ClientID:     os.Getenv("ATLAS_EMU_CLIENT_ID"),
		ClientSecret: os.Getenv("ATLAS_EMU_CLIENT_SECRET"),
	}
	if raw := os.Getenv("ATLAS_EMU_IDS"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &cfg.IDs); err != nil {
			fmt.Fprintf(os.Stderr, "ATLAS_EMU_IDS is not the expected JSON: %v\n", err)
			os.Exit(2)
		}
	}
	os.Exit(m.Run())
}

func needEmulator(t *testing.T) {
	t.Helper()
	if cfg.BaseURL == "" {
		t.Skip("ATLAS_EMU_BASE_URL is not set: run through tests/emulator/go-clients.test.ts")
	}
}

// exchange is one recorded HTTP answer.
type exchange struct {
	Method, Path string
	Status       int
	Body         []byte
}

// recorder is an http.RoundTripper that keeps every answer's body for the dropped-field check,
// then hands the client an identical copy.
type recorder struct {
	base http.RoundTripper
	mu   sync.Mutex
	log  []exchange
}

func newRecorder() *recorder { return &recorder{base: http.DefaultTransport} }

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := r.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if err != nil {
		return nil, err
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	r.mu.Lock()
	r.log = append(r.log, exchange{Method: req.Method, Path: req.URL.Path, Status: res.StatusCode, Body: body})
	r.mu.Unlock()
	return res, nil
}

// last is the newest recorded answer to `method` on a path ending in `suffix` that is not a
// digest challenge.
func (r *recorder) last(t *testing.T, method, suffix string) exchange {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.log) - 1; i >= 0; i-- {
		e := r.log[i]
		if e.Method == method && strings.HasSuffix(e.Path, suffix) && e.Status != http.StatusUnauthorized {
			return e
		}
	}
	t.Fatalf("no recorded answer to %s …%s", method, suffix)
	return exchange{}
}

// checkDecoded fails when `decoded` (what the client made of the last answer to method …suffix)
// lost a field the wire carried, except the `allowed` paths (each with its reason at the call).
func (r *recorder) checkDecoded(t *testing.T, method, suffix string, decoded any, allowed ...string) {
	t.Helper()
	e := r.last(t, method, suffix)
	if dropped := droppedFields(e.Body, decoded, allowed); len(dropped) > 0 {
		t.Errorf("%s %s: the client dropped %s (wire: %s)", method, e.Path, strings.Join(dropped, ", "), truncate(e.Body))
	}
}

func truncate(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// eventually polls `done` every 100 ms for up to 30 real seconds (the emulator runs at time
// scale 60: a 20-second restore is a third of a second).
func eventually(t *testing.T, what string, done func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ok, err := done()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after 30 s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// tokenStats reads the emulator's service-account token counters (a loopback control endpoint).
func tokenStats(t *testing.T) (issued int) {
	t.Helper()
	res, err := http.Get(cfg.BaseURL + "/__emulator/tokens")
	if err != nil {
		t.Fatalf("token counters: %v", err)
	}
	defer res.Body.Close()
	var s struct{ Issued int }
	if err := json.NewDecoder(res.Body).Decode(&s); err != nil {
		t.Fatalf("token counters: %v", err)
	}
	return s.Issued
}
