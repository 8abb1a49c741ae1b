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

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
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
  stop operator "$OPERATOR_PID"
  stop sandbox "$SANDBOX_PID"
  if [ "$status" -ne 0 ]; then
    echo "demo: logs are in $STATE/sandbox.log and $STATE/operator.log" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rm -rf "$STATE"
mkdir -p "$STATE"

say "Starting the sandbox (stand-ins for the Kubernetes API, Azure AD, Key Vault and SQL Server)"
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
expect serviceprincipalrotation ekm-connector AwaitingImplementation
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

say "demo passed"
