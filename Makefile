# keyrotation-operator: every target works on a fresh machine with JDK 17 and Maven.
SHELL := /bin/bash
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
OPERATOR_JAR := operator/target/keyrotation-operator.jar

.PHONY: help tools azurite build test demo crds run image image-check clean bench soak

help:
	@echo "make build   compile, generate CRDs, package the operator and sandbox jars (no tests)"
	@echo "make test    all tests (unit, component, end to end)"
	@echo "make demo    sandbox + operator as their own processes, examples applied and shown with kubectl"
	@echo "make azurite npm ci of the pinned Azurite (Blob endpoint of tests and demo), only when missing"
	@echo "make crds    regenerate crds/ from the API classes"
	@echo "make run     run the operator against the current kubeconfig"
	@echo "make image   build the container image as a tar file with Jib (no Docker daemon)"
	@echo "make clean   remove build output"
	@echo "make bench   benchmarks (not tests): Key Vault gateway, idle cost, rotation latency, fleet rotation, 10,000 resources"
	@echo "make soak    randomized soak runs: SEEDS=n new seeds (ACTIONS=n each), or SEED=s ACTIONS=n to replay one"

build:
	$(MVN) $(MVN_FLAGS) -DskipTests package

test: tools azurite
	$(MVN) $(MVN_FLAGS) verify

# The sandbox and the operator as separate processes, driven with kubectl (see demo/run.sh); stops both at the end.
demo: tools azurite build
	bash demo/run.sh

# kubectl renders deploy/ in the tests and drives the demo; lua5.1 runs the Argo CD health check in its test (Argo CD's
# gopher-lua is Lua 5.1). Debian's packages where they are missing.
tools:
	@command -v kubectl >/dev/null 2>&1 || { \
	  echo "kubectl not found: installing Debian's kubernetes-client"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client; fi; }
	@command -v lua5.1 >/dev/null 2>&1 || { \
	  echo "lua5.1 not found: installing Debian's lua5.1"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lua5.1; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq lua5.1; fi; }

# Azurite (the Blob endpoint of tests and demo), exactly as pinned by sandbox/azurite/package-lock.json.
AZURITE_MAIN := sandbox/azurite/node_modules/azurite/dist/src/blob/main.js
azurite: $(AZURITE_MAIN)

$(AZURITE_MAIN): sandbox/azurite/package.json sandbox/azurite/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm not found: Azurite needs Node.js 20 and npm"; exit 1; }
	cd sandbox/azurite && npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

crds:
	$(MVN) $(MVN_FLAGS) -q -pl operator -am -DskipTests process-classes
	rm -f crds/*.keyrotation.io.yaml deploy/crds/*.keyrotation.io.yaml
	mkdir -p crds deploy/crds
	for f in operator/target/classes/META-INF/fabric8/*-v1.yml; do \
	  cp "$$f" "crds/$$(basename "$$f" -v1.yml).yaml"; \
	  cp "$$f" "deploy/crds/$$(basename "$$f" -v1.yml).yaml"; \
	done
	@ls crds/ deploy/crds/

run: build
	java -jar $(OPERATOR_JAR)

image:
	$(MVN) $(MVN_FLAGS) -q -pl operator -am -DskipTests package
	bash scripts/image-runtime.sh operator/target/image-root
	$(MVN) $(MVN_FLAGS) -q -pl operator -am -DskipTests -Pimage package
	@ls -l operator/target/keyrotation-operator-image.tar
	$(MAKE) --no-print-directory image-check

# Unpacks the image and runs its entrypoint under chroot (needs root): the configuration error
# proves the runtime, the libraries and the classpath are all in the image.
image-check:
	bash scripts/image-check.sh operator/target/keyrotation-operator-image.tar

clean:
	$(MVN) $(MVN_FLAGS) -q clean

# Benchmarks, not tests: Key Vault gateway (keyvault/bench), then the fleet (bench/FleetBench: idle hour, rotation latency,
# fleet rotation, 10,000 resources). Results in operator/target/bench/results.md. Smaller: make bench BENCH_FLAGS="-Dbench.idle=50
# -Dbench.fleet=20 -Dbench.scale=300". The whole run is bounded by BENCH_TIMEOUT.
BENCH_FLAGS ?=
BENCH_TIMEOUT ?= 60m
bench: azurite
	timeout $(BENCH_TIMEOUT) $(MVN) $(MVN_FLAGS) -q -pl operator -am -Pbench -DskipTests $(BENCH_FLAGS) process-test-classes

# Randomized soak runs (README, "Soak"): SEEDS new seeds from FIRST_SEED (a fresh start when empty), or SEED to replay
# exactly one failure as printed; ACTIONS per seed. make test runs the fixed seeds of SoakSeeds.MAKE_TEST_SEEDS.
SEEDS ?= 10
ACTIONS ?= 12
SEED ?=
FIRST_SEED ?=
soak: azurite
	$(MVN) $(MVN_FLAGS) -pl operator -am -Dtest=RandomizedSoakTest -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dsoak.seeds=$(SEEDS) -Dsoak.seed=$(SEED) -Dsoak.firstSeed=$(FIRST_SEED) -Dsoak.actions=$(ACTIONS) test
