"""A DR drill in Python: the packaged atlas-restore provider through its generated SDK.

Two restores declared as one DisasterRecoveryPlan, checked whole before any request: a
legacy-backup cluster's snapshot as download links, and a Cloud Backup cluster restored into a DR
cluster (WIPING it: the target must be listed in overwritableTargets). Plus one RestoreJob on its
own: a replica set's snapshot as a download link.
"""
import pulumi
import pulumi_atlas_restore as atlas

config = pulumi.Config()
project_id = config.require("projectId")  # the production project
dr_project_id = config.require("drProjectId")  # WARNING: its listed clusters' data is replaced
# The clusters this stack may wipe, as "<projectId>/<clusterName>", listed on purpose.
overwritable_targets = config.require_object("overwritableTargets")

dr = atlas.DisasterRecoveryPlan(
    "dr",
    entries={
        "orders": {
            "source": {"project_id": project_id, "cluster_name": "Orders0"},
            "api": "legacy",
            "restore_point": {"snapshot_id": "6b9a100387d9d61443b4b003"},
            "delivery": {"type": "download"},
            "rto_target_minutes": 60,
        },
        "customers": {
            "source": {"project_id": project_id, "cluster_name": "CloudReplicaSet0"},
            "api": "cloudBackup",
            "restore_point": {"snapshot": {"latest": True}},
            "delivery": {"type": "automated", "target_project_id": dr_project_id, "target_cluster_name": "DrCloudReplicaSet0"},
            "rto_target_minutes": 240,
        },
    },
    overwritable_targets=overwritable_targets,
    max_concurrent_restores=2,
)

replica_set_download = atlas.RestoreJob(
    "replicaSetDownload",
    project_id=project_id,
    cluster_name="ReplicaSet0",
    snapshot_id="6b9a100287d9d61443b4b002",
    delivery={"method_name": "HTTP"},
)

pulumi.export("entries", dr.entries)
pulumi.export("summary", dr.summary)
pulumi.export("planDeliveryUrls", dr.delivery_urls)
pulumi.export("status", replica_set_download.status)
pulumi.export("deliveryUrls", replica_set_download.delivery_urls)
