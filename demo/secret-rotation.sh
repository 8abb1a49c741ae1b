# Sourced by demo/run.sh once the sandbox and the operator run (uses its say, fail, STATE, OPERATOR_PID, TIMEOUT),
# after demo/tde/rotation.sh (its NS, POLICY, SQLSERVER_URL and show_sql).
# Rotates the sandbox SQL Server connector's client secret with a ServicePrincipalRotation in the TdeKeyPolicy's
# namespace: adoption of the secret the targets hold, a manual trigger, the credential the TDE rotation created
# switched too (its policy builds it from the Secret ekm-connector this rotation updates), a simulated SQL Server
# restart, removal of the old secret, and the databases still ONLINE after another restart without it.
# Secrets go from the sandbox's private env files into Kubernetes Secrets through private files, never printed.

say "Secret rotation: a Kubernetes Secret for the operator's Graph identity (the SQL login and ekm-connector exist in $NS)"
SECRETS_DIR=$(umask 077; mktemp -d "$STATE/secrets.XXXXXX")
(
  set -a; . "$STATE/keyvault-demo.env"; . "$STATE/sqlserver-demo.env"; set +a
  umask 077
  printf 'tenantId=%s\nclientId=%s\nclientSecret=%s\n' "$AZURE_TENANT_ID" "$AZURE_CLIENT_ID" "$AZURE_CLIENT_SECRET" >"$SECRETS_DIR/graph"
  printf 'clientId=%s\nclientSecret=%s\n' "$EKM_CLIENT_ID" "$EKM_CLIENT_SECRET" >"$SECRETS_DIR/ekm"
  printf 'TENANT=%s\nEKM_APP=%s\n' "$AZURE_TENANT_ID" "$EKM_CLIENT_ID" >"$SECRETS_DIR/ids"
)
kubectl create secret generic demo-graph-identity -n "$NS" --from-env-file="$SECRETS_DIR/graph" --dry-run=client -o yaml | kubectl apply -f -
. "$SECRETS_DIR/ids"
OLD_EKM_SECRET_FILE="$SECRETS_DIR/ekm"

say "kubectl apply: ServicePrincipalRotation sandbox-ekm (Graph stand-in, Key Vault key sqltde-initial, SQL Server sql-0 over validated TLS)"
kubectl apply -f - <<EOF
apiVersion: keyrotation.io/v1alpha1
kind: ServicePrincipalRotation
metadata:
  name: sandbox-ekm
  namespace: $NS
spec:
  tenantId: $TENANT
  application:
    clientId: $EKM_APP
  rotateBefore: P30D
  secretLifetime: P365D
  gracePeriod: PT5S
  graphCredentials:
    type: ClientSecret
    secretRef:
      name: demo-graph-identity
  verification:
    vaultUrl: ${KEYVAULT_PRIMARY_URL%/}
    keyName: sqltde-initial
  targets:
    kubernetesSecrets:
      - name: ekm-connector          # the Secret TdeKeyPolicy $POLICY builds its EKM credentials from
        key: clientSecret
    sqlServerCredentials:
      - instance:
          name: sql-0
          host: $SQLSERVER_HOST
          port: $SQLSERVER_PORT
          tls:
            hostNameInCertificate: localhost
            caCertificateRef:
              configMapName: sql-server-ca
          loginSecretRef:
            name: sql-login
        credentialNames:
          - Azure_EKM_TDE_cred1
EOF

spr_field() { kubectl get serviceprincipalrotation sandbox-ekm -n "$NS" -o jsonpath="$1" 2>/dev/null || true; }
await_reason() {
  local wanted=$1 got=""
  for _ in $(seq 1 $((TIMEOUT * 2))); do
    got=$(spr_field '{.status.conditions[?(@.type=="Ready")].reason}')
    [ "$got" = "$wanted" ] && { echo "serviceprincipalrotation/sandbox-ekm: Ready reason $got"; return 0; }
    kill -0 "$OPERATOR_PID" 2>/dev/null || { tail -50 "$STATE/operator.log" >&2; fail "the operator exited"; }
    sleep 0.5
  done
  kubectl get serviceprincipalrotation sandbox-ekm -n "$NS" -o yaml | sed -n '/^status:/,$p' >&2
  fail "serviceprincipalrotation/sandbox-ekm: expected Ready reason $wanted, got '${got}'"
}
show_secrets() {
  echo "current secret:  keyId $(spr_field '{.status.currentSecret.keyId}')  hint $(spr_field '{.status.currentSecret.hint}')  expires $(spr_field '{.status.currentSecret.endDateTime}')"
  echo "previous secret: keyId $(spr_field '{.status.previousSecret.keyId}')  hint $(spr_field '{.status.previousSecret.hint}')"
}

say "The operator adopts the secret the targets hold (matched by Graph's hint)"
await_reason UpToDate
BEFORE=$(spr_field '{.status.currentSecret.keyId}')
show_secrets
kubectl get serviceprincipalrotation sandbox-ekm -n "$NS"

say "kubectl annotate: keyrotation.io/rotate-now (rotate now rather than 30 days before expiry)"
kubectl annotate serviceprincipalrotation sandbox-ekm -n "$NS" keyrotation.io/rotate-now="$(date +%s)" --overwrite
await_reason AwaitingRestart
echo "Both secrets are valid now; SQL Server still uses the old one (cached) until it restarts:"
show_secrets
TARGETS=$(kubectl get serviceprincipalrotation sandbox-ekm -n "$NS" -o jsonpath='{range .status.rotation.targets[*]}{.kind} {.instance} {.name}: {.state}{"\n"}{end}')
echo "$TARGETS"
TDE_CREDENTIAL=$(kubectl get tdekeypolicy "$POLICY" -n "$NS" -o jsonpath='{.status.activeKey.credentialName}')
[ -n "$TDE_CREDENTIAL" ] || fail "tdekeypolicy/$POLICY records no active key credential"
grep -q "^SqlServerCredential sql-0 $TDE_CREDENTIAL: Updated" <<<"$TARGETS" \
  || fail "the credential $TDE_CREDENTIAL the TDE rotation created is not among the switched targets"
echo "The credential the TDE rotation created ($TDE_CREDENTIAL, tdekeypolicy/$POLICY) was switched too."

# The sandbox's control watcher restarts the SQL Server stand-in and then logs it; this waits for that line.
restart_sqlserver() {
  local before
  before=$(grep -c 'SQL Server stand-in restarted' "$STATE/sandbox.log" || true)
  touch "$STATE/control/restart-sqlserver"
  for _ in $(seq 1 $((TIMEOUT * 2))); do
    [ "$(grep -c 'SQL Server stand-in restarted' "$STATE/sandbox.log" || true)" -gt "$before" ] && return 0
    sleep 0.5
  done
  fail "the SQL Server stand-in did not restart"
}

say "Simulated restart of the SQL Server stand-in (control/restart-sqlserver)"
restart_sqlserver
echo "SQL Server restarted. The operator checks a pending restart every minute; a new rotate-now value during the"
echo "rotation makes it look at once (as an administrator would after a planned restart):"
kubectl annotate serviceprincipalrotation sandbox-ekm -n "$NS" keyrotation.io/rotate-now="restarted-$(date +%s)" --overwrite
for _ in $(seq 1 $((TIMEOUT * 2))); do
  [ -n "$(spr_field '{.status.lastRotationTime}')" ] && [ -z "$(spr_field '{.status.rotation.step}')" ] && break
  sleep 0.5
done
[ -n "$(spr_field '{.status.lastRotationTime}')" ] || fail "the rotation did not finish after the restart"
echo "rotation finished at $(spr_field '{.status.lastRotationTime}'); the old secret was removed after the grace period"
AFTER=$(spr_field '{.status.currentSecret.keyId}')
show_secrets
[ -n "$AFTER" ] && [ "$AFTER" != "$BEFORE" ] || fail "the current secret did not change (before $BEFORE, after $AFTER)"
[ -z "$(spr_field '{.status.previousSecret.keyId}')" ] || fail "the old secret was not removed"
kubectl get serviceprincipalrotation sandbox-ekm -n "$NS"

say "Another restart, now that only the new secret exists: SQL Server opens every database's key with it"
restart_sqlserver
STATES=$(show_sql states)
echo "$STATES"
awk 'NR > 1 && $2 != "ONLINE" { bad = 1 } END { exit bad }' <<<"$STATES" || fail "a database is not ONLINE after the rotation"

# Neither the old nor the new client secret may appear in a log.
NEW_SECRET_FILE="$SECRETS_DIR/new"
(umask 077; kubectl get secret sandbox-ekm-client-secret -n "$NS" -o jsonpath='{.data.clientSecret}' | base64 -d >"$NEW_SECRET_FILE")
for secret_file in "$NEW_SECRET_FILE"; do
  if grep -qF -f "$secret_file" "$STATE/operator.log" "$STATE/sandbox.log"; then fail "a client secret appeared in a log"; fi
done
OLD_VALUE_FILE="$SECRETS_DIR/old"
(umask 077; sed -n 's/^clientSecret=//p' "$OLD_EKM_SECRET_FILE" >"$OLD_VALUE_FILE")
if grep -qF -f "$OLD_VALUE_FILE" "$STATE/operator.log" "$STATE/sandbox.log"; then fail "the old client secret appeared in a log"; fi
rm -rf "$SECRETS_DIR"
echo "secret rotation: key id $BEFORE -> $AFTER; no client secret in the logs"
