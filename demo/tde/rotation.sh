#!/usr/bin/env bash
# The TdeKeyPolicy part of `make demo`, run by demo/run.sh once the sandbox and the operator are up
# (expects STATE, OPERATOR_JAR, OPERATOR_PID, JAVAC_PID (ShowTde being compiled), TIMEOUT and the sandbox.env variables).
# A policy adopts the sandbox SQL Server's protector (vault key sqltde-initial), then
# `kubectl annotate ... rotate-now` rotates it; key names and thumbprints are shown before and after.
set -euo pipefail

NS=tde-sandbox
POLICY=sandbox-sales

# Secrets from the sandbox's private env files, through a private file: values never reach the terminal.
set -a; . "$STATE/keyvault-demo.env"; . "$STATE/sqlserver-demo.env"; set +a
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

TRIGGER=$(date -u +%Y%m%dT%H%M%SZ)
say "kubectl annotate tdekeypolicy $POLICY keyrotation.io/rotate-now=$TRIGGER"
kubectl annotate tdekeypolicy -n "$NS" "$POLICY" "keyrotation.io/rotate-now=$TRIGGER" --overwrite
wait_for "rotated" \
  '[ "$(field "{.status.lastManualTrigger}")" = "$TRIGGER" ] && [ -z "$(field "{.status.rotation.step}")" ] && [ -n "$(field "{.status.lastRotationTime}")" ]'

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
