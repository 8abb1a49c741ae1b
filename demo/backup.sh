#!/usr/bin/env bash
# Part of `make demo` (called by demo/run.sh with the sandbox and the operator running, sandbox.env loaded):
# a VaultBackupSchedule run on demand, archived in Azurite and restored into the standby vault, then the
# archive listing as the Blob service returns it. Reads the operator's client secret from
# $STATE/keyvault-demo.env into a Secret without printing it.
set -euo pipefail
cd "$(dirname "$0")/.."
STATE=${STATE:-.demo}
TIMEOUT=${DEMO_TIMEOUT:-90}
DEMO_T0=${DEMO_T0:-$(date +%s)}
say() { printf '\n\033[1m== [%ss] %s\033[0m\n' "$(( $(date +%s) - DEMO_T0 ))" "$*"; }
fail() { echo "demo FAILED: $*" >&2; exit 1; }
secret_of() { sed -n "s/^$1=//p" "$STATE/keyvault-demo.env"; }

: "${BLOB_CONTAINER_URL:?sandbox.env has no BLOB_CONTAINER_URL}"
NS=tde-demo
TENANT=$(secret_of AZURE_TENANT_ID)
CLIENT=$(secret_of AZURE_CLIENT_ID)

say "kubectl apply: Secret backup-operator (the operator's service principal) and VaultBackupSchedule demo-backup"
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
token=$(curl -sS --cacert "$KEYROTATION_EXTRA_CA_FILE" "${AZURE_AUTHORITY_HOST%/}/$TENANT/oauth2/v2.0/token" \
  --data-urlencode grant_type=client_credentials --data-urlencode "client_id=$CLIENT" \
  --data-urlencode "client_secret=$(secret_of AZURE_CLIENT_SECRET)" --data-urlencode "scope=https://storage.azure.com/.default" \
  | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[ -n "$token" ] || fail "no token for the Blob service"
listing=$(curl -sS --cacert "$KEYROTATION_EXTRA_CA_FILE" -H "Authorization: Bearer $token" -H "x-ms-version: 2021-12-02" \
  "$BLOB_CONTAINER_URL?restype=container&comp=list&include=metadata")
echo "$listing" | grep -o '<Name>[^<]*</Name>' | sed 's/<[^>]*>//g' | sed 's/^/  /'
echo "$listing" | grep -q '\.keybackup</Name>' || fail "no archive in the container"
