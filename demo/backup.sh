#!/usr/bin/env bash
# Part of `make demo` (called by demo/run.sh with the sandbox and the operator running, sandbox.env loaded):
# a VaultBackupSchedule run on demand, archived in Azurite and restored into the standby vault, then the
# archive listing as the Blob service returns it. Reads the operator's client secret from
# $STATE/keyvault-demo.env into a Secret without printing it. The schedule lives in tde-sandbox, the namespace of
# the TdeKeyPolicy demo/tde/rotation.sh applies next, and backs up that policy's vault: it covers the policy, whose
# rotation then waits for the new key's backup before any database uses it (backup before use).
set -euo pipefail
cd "$(dirname "$0")/.."
STATE=${STATE:-.demo}
TIMEOUT=${DEMO_TIMEOUT:-90}
DEMO_T0=${DEMO_T0:-$(date +%s)}
say() { printf '\n\033[1m== [%ss] %s\033[0m\n' "$(( $(date +%s) - DEMO_T0 ))" "$*"; }
fail() { echo "demo FAILED: $*" >&2; exit 1; }
secret_of() { sed -n "s/^$1=//p" "$STATE/keyvault-demo.env"; }
. demo/archive-listing.sh

: "${BLOB_CONTAINER_URL:?sandbox.env has no BLOB_CONTAINER_URL}"
NS=tde-sandbox
TENANT=$(secret_of AZURE_TENANT_ID)
CLIENT=$(secret_of AZURE_CLIENT_ID)

say "kubectl apply: Secret backup-operator (the operator's service principal) and VaultBackupSchedule demo-backup in $NS"
kubectl create namespace "$NS" --dry-run=client -o yaml | kubectl apply -f -
kubectl apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Secret
metadata: {name: backup-operator, namespace: $NS}
stringData:
  tenantId: "$TENANT"
  clientId: "$CLIENT"
  clientSecret: "$(secret_of AZURE_CLIENT_SECRET)"
YAML
kubectl apply -f - <<YAML
apiVersion: keyrotation.io/v1alpha1
kind: VaultBackupSchedule
metadata:
  name: demo-backup
  namespace: $NS
  annotations:
    keyrotation.io/backup-now: "demo-$(date +%s)"
spec:
  schedule: "@daily"
  source:
    vault: {url: "$KEYVAULT_PRIMARY_URL", region: westeurope, subscriptionId: "$KEYVAULT_SUBSCRIPTION_ID"}
  archive:
    blob: {containerUrl: "$BLOB_CONTAINER_URL", prefix: demo}
  standbyVaults:
    - {url: "$KEYVAULT_STANDBY_URL", region: northeurope, subscriptionId: "$KEYVAULT_SUBSCRIPTION_ID"}
  azureCredentials:
    type: ClientSecret
    secretRef: {name: backup-operator}
YAML

say "Waiting for the run (keyrotation.io/backup-now) to finish"
result=""
for _ in $(seq 1 $((TIMEOUT * 2))); do
  result=$(kubectl get vaultbackupschedule -n $NS demo-backup -o jsonpath='{.status.lastRun.result}' 2>/dev/null || true)
  [ -n "$result" ] && break
  sleep 0.5
done
[ "$result" = "Succeeded" ] || { kubectl get vaultbackupschedule -n $NS demo-backup -o yaml | sed -n '/^status:/,$p'; fail "backup run: '$result'"; }

say "kubectl get vaultbackupschedule demo-backup"
kubectl get vaultbackupschedule -n $NS demo-backup -o wide
say "status.lastRun and status.standbyReadiness"
kubectl get vaultbackupschedule -n $NS demo-backup -o yaml | sed -n '/^  lastRun:/,$p'

say "The archive listing (Blob service List Blobs with a token from the Azure AD stand-in)"
list_archive | tee "$STATE/archive-after-backup.txt"
grep -q '\.keybackup ' "$STATE/archive-after-backup.txt" || fail "no archive in the container"
