#!/usr/bin/env bash
# The TdeKeyPolicy part of `make demo`, run by demo/run.sh once the sandbox and the operator are up
# (expects STATE, OPERATOR_JAR, OPERATOR_PID, JAVAC_PID (ShowTde being compiled), TIMEOUT and the sandbox.env variables).
# A policy adopts the sandbox SQL Server's protector (vault key sqltde-initial), then
# `kubectl annotate ... rotate-now` rotates it; key names and thumbprints are shown before and after.
# Backup before use: VaultBackupSchedule demo-backup (demo/backup.sh, same namespace, same vault) covers the policy, so
# the rotation waits at step AwaitBackup until the schedule has archived the new key's version; kubectl samples the
# steps, the policy's KeyBackupArchived Event names the verified archive, and the archive listing shows that version.
set -euo pipefail

NS=tde-sandbox
POLICY=sandbox-sales

# Secrets from the sandbox's private env files, through a private file: values never reach the terminal.
set -a; . "$STATE/keyvault-demo.env"; . "$STATE/sqlserver-demo.env"; set +a
. demo/archive-listing.sh
VAULT_NAME=$(sed -n 's/.*Key Vault (primary): .*name=\([^ ]*\).*/\1/p' "$STATE/sandbox.log" | head -1)
[ -n "$VAULT_NAME" ] || fail "could not read the primary vault's name from $STATE/sandbox.log"
secret_file() { umask 077; printf '%s\n' "$@" >"$STATE/secret.tmp"; }

say "TdeKeyPolicy on the sandbox SQL Server: Secrets and a policy that adopts sqltde-initial"
kubectl create namespace "$NS" --dry-run=client -o yaml | kubectl apply -f -
secret_file "tenantId=$AZURE_TENANT_ID" "clientId=$AZURE_CLIENT_ID" "clientSecret=$AZURE_CLIENT_SECRET"
kubectl create secret generic operator-azure -n "$NS" --from-env-file="$STATE/secret.tmp" --dry-run=client -o yaml | kubectl apply -f -
secret_file "tenantId=$AZURE_TENANT_ID" "clientId=$EKM_CLIENT_ID" "clientSecret=$EKM_CLIENT_SECRET"
kubectl create secret generic ekm-connector -n "$NS" --from-env-file="$STATE/secret.tmp" --dry-run=client -o yaml | kubectl apply -f -
secret_file "username=$SQLSERVER_USERNAME" "password=$SQLSERVER_PASSWORD"
kubectl create secret generic sql-login -n "$NS" --from-env-file="$STATE/secret.tmp" --dry-run=client -o yaml | kubectl apply -f -
rm -f "$STATE/secret.tmp"
kubectl create configmap sql-server-ca -n "$NS" --from-file=ca.crt="$SQLSERVER_CA_FILE" --dry-run=client -o yaml \
  | kubectl apply -f -

cat >"$STATE/tdekeypolicy-sandbox.yaml" <<YAML
apiVersion: keyrotation.io/v1alpha1
kind: TdeKeyPolicy
metadata:
  name: $POLICY
  namespace: $NS
spec:
  vault:
    url: ${KEYVAULT_PRIMARY_URL%/}
    region: westeurope
  key:
    namePrefix: sqltde
    currentKeyName: sqltde-initial   # the vault key behind TDE_KEY1 (SQL Server cannot tell)
  rotation:
    interval: P365D
  sqlServer:
    instances:
      - name: sql-0
        host: $SQLSERVER_HOST
        port: $SQLSERVER_PORT
        tls:
          encrypt: Mandatory         # validated TLS: the EKM credential's secret crosses this connection
          caCertificateRef:
            configMapName: sql-server-ca
        loginSecretRef:
          name: sql-login
  ekmCredential:
    identity: $VAULT_NAME
    servicePrincipalSecretRef:
      name: ekm-connector
  azureCredentials:
    type: ClientSecret
    secretRef:
      name: operator-azure
YAML
cat "$STATE/tdekeypolicy-sandbox.yaml"
kubectl apply -f "$STATE/tdekeypolicy-sandbox.yaml"

# The DBA's view goes over validated TLS too: the sandbox CA in a trust store the driver reads.
rm -f "$STATE/sql-trust.p12"
keytool -importcert -noprompt -alias sandbox-ca -file "$SQLSERVER_CA_FILE" -keystore "$STATE/sql-trust.p12" \
  -storetype PKCS12 -storepass sandbox-trust >/dev/null
export SQLSERVER_URL="jdbc:sqlserver://$SQLSERVER_HOST:$SQLSERVER_PORT;encrypt=true;trustServerCertificate=false;trustStoreType=PKCS12;trustStore=$STATE/sql-trust.p12;trustStorePassword=sandbox-trust"
wait "$JAVAC_PID" || fail "demo/tde/ShowTde.java did not compile"
JAVAC_PID=""
show_sql() { java -cp "$OPERATOR_JAR:$STATE/classes" ShowTde "$@"; }
field() { kubectl get tdekeypolicy -n "$NS" "$POLICY" -o jsonpath="$1" 2>/dev/null || true; }
wait_for() {
  local what=$1 check=$2
  for _ in $(seq 1 $((TIMEOUT * 2))); do
    if eval "$check"; then echo "$what"; return 0; fi
    kill -0 "$OPERATOR_PID" 2>/dev/null || { tail -50 "$STATE/operator.log" >&2; fail "the operator exited"; }
    sleep 0.5
  done
  kubectl get tdekeypolicy -n "$NS" "$POLICY" -o yaml >&2 || true
  fail "timed out waiting: $what"
}

wait_for "adopted" \
  '[ "$(field "{.status.conditions[?(@.type==\"Ready\")].reason}")" = KeyActive ] && [ -n "$(field "{.status.nextRotationTime}")" ]'
echo "active key: $(field '{.status.activeKey.asymmetricKeyName}') (vault key $(field '{.status.activeKey.keyName}'))"
say "Before: SQL Server as a DBA sees it (mssql-jdbc), and the policy"
show_sql
kubectl get tdekeypolicy -n "$NS" "$POLICY" -o wide

# The rotation's status sampled every 0.2 s (the sandbox's API server serves watches over WebSocket only, which kubectl
# get -w does not speak): step and Ready reason. AwaitBackup lasts as long as the backup run, seconds.
(
  while :; do
    kubectl get tdekeypolicy -n "$NS" "$POLICY" \
      -o jsonpath='{.status.rotation.step}{"\t"}{.status.conditions[?(@.type=="Ready")].reason}{"\n"}' \
      2>/dev/null || true
    sleep 0.2
  done
) >"$STATE/rotation-watch.txt" &
WATCH_PID=$!

TRIGGER=$(date -u +%Y%m%dT%H%M%SZ)
say "kubectl annotate tdekeypolicy $POLICY keyrotation.io/rotate-now=$TRIGGER"
kubectl annotate tdekeypolicy -n "$NS" "$POLICY" "keyrotation.io/rotate-now=$TRIGGER" --overwrite
wait_for "rotated" \
  '[ "$(field "{.status.lastManualTrigger}")" = "$TRIGGER" ] && [ -z "$(field "{.status.rotation.step}")" ] && [ -n "$(field "{.status.lastRotationTime}")" ]'
kill "$WATCH_PID" 2>/dev/null || true
wait "$WATCH_PID" 2>/dev/null || true
WATCH_PID=""

say "Backup before use: the rotation's steps as sampled (step, Ready reason)"
awk -F'\t' '$1 != "" { line = $1 "  " $2; if (line != last) print "  " line; last = line }' \
  "$STATE/rotation-watch.txt" | tee "$STATE/rotation-steps.txt"
first_line() { grep -n "$1" "$STATE/rotation-steps.txt" | head -1 | cut -d: -f1; }
AWAITED=$(first_line '^  AwaitBackup  AwaitingBackup')
# The first sample at or after the re-encryption (a step may pass between two samples; the rotation's end is after it).
REENCRYPTED=$(first_line '^  \(ReencryptDatabases\|VerifyThumbprints\|Promote\)')
REENCRYPTED=${REENCRYPTED:-$(( $(wc -l <"$STATE/rotation-steps.txt") + 1 ))}
[ -n "$AWAITED" ] || fail "the rotation never waited at step AwaitBackup (Ready reason AwaitingBackup)"
[ "$AWAITED" -lt "$REENCRYPTED" ] || fail "a database was re-encrypted before the rotation waited for the new key's backup"
echo "the rotation waited at AwaitBackup before any database was re-encrypted; it leaves AwaitBackup only with a verified archive:"
ARCHIVED=$(kubectl get events -n "$NS" -o jsonpath='{.items[?(@.reason=="KeyBackupArchived")].message}')
[ -n "$ARCHIVED" ] || fail "no KeyBackupArchived Event: the rotation went on without a verified backup"
echo "  Event KeyBackupArchived: $ARCHIVED"
NEW_KEY=$(field '{.status.activeKey.keyName}')
NEW_VERSION=$(field '{.status.activeKey.keyId}'); NEW_VERSION=${NEW_VERSION##*/}
say "kubectl get vaultbackupschedule demo-backup: the run the policy asked for"
kubectl get vaultbackupschedule -n "$NS" demo-backup \
  -o jsonpath='lastRun: trigger={.status.lastRun.trigger} result={.status.lastRun.result} completed={.status.lastRun.completionTime}{"\n"}'
say "The archive now: $NEW_KEY, version $NEW_VERSION, is in it"
list_archive | tee "$STATE/archive-after-rotation.txt"
grep -q "key=$NEW_KEY versions=.*$NEW_VERSION" "$STATE/archive-after-rotation.txt" \
  || fail "no archive of $NEW_KEY lists version $NEW_VERSION"

echo "active key: $(field '{.status.activeKey.asymmetricKeyName}') (vault key $(field '{.status.activeKey.keyName}'))"
say "After: SQL Server as a DBA sees it (mssql-jdbc)"
show_sql
say "kubectl get tdekeypolicy -o wide"
kubectl get tdekeypolicy -n "$NS" "$POLICY" -o wide
say "kubectl get tdekeypolicy $POLICY -o yaml (status)"
kubectl get tdekeypolicy -n "$NS" "$POLICY" -o yaml | sed -n '/^status:/,$p'
say "kubectl get events -n $NS"
kubectl get events -n "$NS" -o custom-columns=TYPE:.type,REASON:.reason,MESSAGE:.message

OLD=$(kubectl get tdekeypolicy -n "$NS" "$POLICY" -o jsonpath='{.status.previousKeys[0].asymmetricKeyName}')
[ "$OLD" = TDE_KEY1 ] || fail "expected TDE_KEY1 among the previous keys, got '$OLD'"
show_sql | grep -q '^TDE_KEY1 ' || fail "the old asymmetric key TDE_KEY1 is gone from SQL Server"
for secret in "$AZURE_CLIENT_SECRET" "$EKM_CLIENT_SECRET" "$SQLSERVER_PASSWORD"; do
  if grep -qF -- "$secret" "$STATE/operator.log"; then fail "a secret appeared in the operator's log"; fi
done
