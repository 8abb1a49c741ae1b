#!/usr/bin/env bash
# make demo: the sandbox (every stand-in) and the operator, each its own process, driven with kubectl.
# Expects the jars from `make build`. Leaves no process behind: both are stopped on exit, success or failure.
set -euo pipefail
cd "$(dirname "$0")/.."

STATE=.demo
SANDBOX_JAR=sandbox/target/keyrotation-sandbox.jar
OPERATOR_JAR=operator/target/keyrotation-operator.jar
TIMEOUT=${DEMO_TIMEOUT:-90}
SANDBOX_PID=""
OPERATOR_PID=""
TEE_PID=""
JAVAC_PID=""
WATCH_PID=""  # demo/tde/rotation.sh samples the rotation's status in the background

# Each heading shows the seconds since the demo began, so a slow part stands out.
DEMO_T0=${DEMO_T0:-$(date +%s)}
export DEMO_T0
say() { printf '\n\033[1m== [%ss] %s\033[0m\n' "$(( $(date +%s) - DEMO_T0 ))" "$*"; }
fail() { echo "demo FAILED: $*" >&2; exit 1; }

if ! command -v kubectl >/dev/null 2>&1; then
  echo "kubectl is needed for the demo. Install it with 'make tools' (Debian's kubernetes-client package," >&2
  echo "run as root) or put any kubectl on the PATH (tested with 1.20 from Debian and 1.32)." >&2
  exit 1
fi
for jar in "$SANDBOX_JAR" "$OPERATOR_JAR"; do
  [ -f "$jar" ] || fail "$jar is missing: run 'make build' first"
done

# Stops one process: SIGTERM, then SIGKILL if it has not exited after 10 s.
stop() {
  local name=$1 pid=$2
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "demo: $name (pid $pid) did not stop on SIGTERM within 10 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  echo "demo: stopped $name (pid $pid)"
}
cleanup() {
  local status=$?
  [ -z "$WATCH_PID" ] || { kill "$WATCH_PID" 2>/dev/null || true; wait "$WATCH_PID" 2>/dev/null || true; }
  stop operator "$OPERATOR_PID"
  stop sandbox "$SANDBOX_PID"
  [ -z "$JAVAC_PID" ] || { kill "$JAVAC_PID" 2>/dev/null || true; wait "$JAVAC_PID" 2>/dev/null || true; }
  if [ "$status" -ne 0 ]; then
    echo "demo: logs are in $STATE/sandbox.log and $STATE/operator.log" >&2
  fi
  # Let tee (the copy of the output that is checked for secrets) print its last lines before make returns.
  if [ -n "$TEE_PID" ]; then
    exec >&- 2>&-
    wait "$TEE_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$STATE"
mkdir -p "$STATE"
# Everything the demo prints is also kept in $STATE/demo.out, which is checked for secrets at the end.
exec > >(tee "$STATE/demo.out") 2>&1
TEE_PID=$!

# The DBA's view of SQL Server (demo/tde/ShowTde.java) compiled once, while the sandbox starts.
mkdir -p "$STATE/classes"
javac -d "$STATE/classes" -cp "$OPERATOR_JAR" demo/tde/ShowTde.java &
JAVAC_PID=$!

say "Starting the sandbox: stand-ins for the Kubernetes API, Azure AD, Microsoft Graph, two Key Vaults (primary and standby) and SQL Server; Azurite for Blob"
java -jar "$SANDBOX_JAR" --state-dir="$STATE" >"$STATE/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 1 $((TIMEOUT * 2))); do
  [ -f "$STATE/sandbox.env" ] && break
  kill -0 "$SANDBOX_PID" 2>/dev/null || { cat "$STATE/sandbox.log" >&2; fail "the sandbox exited"; }
  sleep 0.5
done
[ -f "$STATE/sandbox.env" ] || fail "the sandbox did not start within ${TIMEOUT}s"
set -a; . "$STATE/sandbox.env"; set +a
cat "$STATE/sandbox.log"
kubectl version

say "kubectl apply -f crds/"
kubectl apply -f crds/

say "Starting the operator as its own process (KUBECONFIG=$KUBECONFIG, leader election on)"
KEYROTATION_HTTP_PORT=0 POD_NAMESPACE=keyrotation-system \
  java -jar "$OPERATOR_JAR" >"$STATE/operator.log" 2>&1 &
OPERATOR_PID=$!
echo "operator pid $OPERATOR_PID, log $STATE/operator.log"

say "kubectl apply -f examples/"
kubectl apply -f examples/

say "The SQL Server stand-in forces TLS with a certificate from the sandbox CA: put that CA where the example's tls.caCertificateRef points"
kubectl create configmap sql-server-ca -n tde-demo --from-file=ca.crt="$SQLSERVER_CA_FILE" --dry-run=client -o yaml \
  | kubectl apply -f -
[ "$(kubectl get configmap sql-server-ca -n tde-demo -o jsonpath='{.data.ca\.crt}' | sed -n 2p)" = "$(sed -n 2p "$SQLSERVER_CA_FILE")" ] \
  || fail "ConfigMap sql-server-ca does not hold the sandbox CA"
echo "ConfigMap tde-demo/sql-server-ca holds the sandbox CA ($SQLSERVER_CA_FILE)"

say "kubectl apply -f demo/invalid/tdekeypolicy-refused-by-schema.yaml (must be refused)"
if kubectl apply -f demo/invalid/tdekeypolicy-refused-by-schema.yaml >"$STATE/refused.txt" 2>&1; then
  cat "$STATE/refused.txt"
  fail "the API accepted a TdeKeyPolicy that breaks its schema"
fi
cat "$STATE/refused.txt"
grep -q 'is invalid' "$STATE/refused.txt" || fail "expected an 'is invalid' answer"

say "kubectl apply -f demo/invalid/vaultbackupschedule-standby-in-other-geography.yaml (schema-valid, operator says InvalidSpec)"
kubectl apply -f demo/invalid/vaultbackupschedule-standby-in-other-geography.yaml

say "Waiting for the operator to write status (Ready condition on every resource)"
ready_of() { kubectl get "$1" -n tde-demo "$2" -o jsonpath='{.status.conditions[?(@.type=="Ready")].reason}' 2>/dev/null || true; }
expect() {
  local kind=$1 name=$2 reason=$3 got=""
  for _ in $(seq 1 $((TIMEOUT * 2))); do
    got=$(ready_of "$kind" "$name")
    [ "$got" = "$reason" ] && { echo "$kind/$name: Ready reason $got"; return 0; }
    kill -0 "$OPERATOR_PID" 2>/dev/null || { tail -50 "$STATE/operator.log" >&2; fail "the operator exited"; }
    sleep 0.5
  done
  fail "$kind/$name: expected Ready reason $reason, got '${got}'"
}
# The example's SQL Server (sql-0.sql.tde-demo.svc) does not exist here: the policy says it cannot reach it.
expect tdekeypolicy sales-db Unavailable
expect vaultbackupschedule tde-keys-nightly AwaitingFirstRun
# The example names no identity that exists here: its workflow runs and says it cannot sign in to Graph.
expect serviceprincipalrotation ekm-connector Unauthenticated
expect vaultbackupschedule standby-in-other-geography InvalidSpec

say "kubectl get tdekeypolicies,vaultbackupschedules,serviceprincipalrotations -n tde-demo"
kubectl get tdekeypolicies,vaultbackupschedules,serviceprincipalrotations -n tde-demo

say "kubectl get vaultbackupschedule standby-in-other-geography -o yaml (status)"
kubectl get vaultbackupschedule -n tde-demo standby-in-other-geography -o yaml | sed -n '/^status:/,$p'

say "kubectl get tdekeypolicy sales-db -o yaml (defaults the API server filled in, and status)"
kubectl get tdekeypolicy -n tde-demo sales-db -o yaml | sed -n '/^spec:/,$p'

say "kubectl get events -n tde-demo"
kubectl get events -n tde-demo -o custom-columns=TYPE:.type,REASON:.reason,OBJECT:.involvedObject.name,MESSAGE:.message

say "kubectl get leases -n keyrotation-system (leader election)"
kubectl get leases -n keyrotation-system -o custom-columns=NAME:.metadata.name,HOLDER:.spec.holderIdentity

STATE="$STATE" bash demo/backup.sh

if grep -q 'change-me' "$STATE/operator.log" "$STATE/sandbox.log"; then
  fail "a Secret's value appeared in a log"
fi

# ---- TdeKeyPolicy: adoption and a real rotation (demo/tde/rotation.sh) ----
. demo/tde/rotation.sh

# ---- ServicePrincipalRotation: the connector's client secret rotated (demo/secret-rotation.sh), after the TDE block,
# which reads the secret the sandbox generated ----
. demo/secret-rotation.sh

say "kubectl get tdekeypolicies,vaultbackupschedules,serviceprincipalrotations -A (all three kinds)"
kubectl get tdekeypolicies,vaultbackupschedules,serviceprincipalrotations -A

say "kubectl get events -n tde-sandbox (the rotation of the TDE key and of the client secret)"
kubectl get events -n tde-sandbox -o custom-columns=TYPE:.type,KIND:.involvedObject.kind,REASON:.reason,MESSAGE:.message

HTTP_PORT=$(sed -n 's/.*health port \([0-9][0-9]*\).*/\1/p' "$STATE/operator.log" | head -1)
[ -n "$HTTP_PORT" ] || fail "the operator's log names no health port"
say "curl http://localhost:$HTTP_PORT/metrics (a few of the operator's series)"
curl -sSf "http://localhost:$HTTP_PORT/metrics" >"$STATE/metrics.txt" || fail "GET /metrics failed"
grep -E '^keyrotation_(tde_active_key_created_timestamp_seconds|next_rotation_timestamp_seconds|last_rotation_timestamp_seconds|backup_last_success_timestamp_seconds|backup_standby_ready|client_secret_expiration_timestamp_seconds)\{' \
  "$STATE/metrics.txt" | sort
grep -E '^keyrotation_resource_condition\{condition="Ready".*namespace="tde-sandbox".*status="True"' "$STATE/metrics.txt" | sort
grep -E '^keyrotation_external_calls_total\{' "$STATE/metrics.txt" \
  | grep -E 'operation="(create|backup|restore|putBlob|addPassword|removePassword|encryptDatabaseKeyWith|alterCredentialSecret)"' | sort
for metric in keyrotation_tde_active_key_created_timestamp_seconds keyrotation_backup_last_success_timestamp_seconds \
    keyrotation_client_secret_expiration_timestamp_seconds keyrotation_external_calls_total; do
  grep -q "^$metric{" "$STATE/metrics.txt" || fail "/metrics has no $metric"
done

# No secret value may appear in what the demo printed or in either log: the demo identities' secrets, the SQL login's
# password and the client secret the rotation created, compared from private files, never printed.
say "Checking that no secret appeared in the demo's output or logs"
(
  umask 077
  sed -n 's/^[A-Z_]*\(SECRET\|PASSWORD\)=//p' "$STATE/keyvault-demo.env" "$STATE/sqlserver-demo.env" >"$STATE/secret-values"
  kubectl get secret sandbox-ekm-client-secret -n tde-sandbox -o jsonpath='{.data.clientSecret}' | base64 -d >>"$STATE/secret-values"
  echo >>"$STATE/secret-values"
)
sed -i '/^$/d' "$STATE/secret-values"
[ "$(wc -l <"$STATE/secret-values")" -ge 4 ] || fail "expected at least four secret values to check"
if grep -qF -f "$STATE/secret-values" "$STATE/demo.out" "$STATE/operator.log" "$STATE/sandbox.log"; then
  rm -f "$STATE/secret-values"
  fail "a secret value appeared in the demo's output or a log"
fi
rm -f "$STATE/secret-values"
echo "none of $(basename "$STATE")/demo.out, operator.log and sandbox.log holds a secret value"

say "demo passed"
