# keyrotation-operator: every target works on a fresh machine with JDK 17 and Maven.
SHELL := /bin/bash
MVN ?= mvn
MVN_FLAGS ?= -B -ntp
OPERATOR_JAR := operator/target/keyrotation-operator.jar

.PHONY: help build test crds run image clean bench

help:
	@echo "make build   compile, generate CRDs, package the operator and sandbox jars (no tests)"
	@echo "make test    all tests (unit, component, end to end)"
	@echo "make crds    regenerate crds/ from the API classes"
	@echo "make run     run the operator against the current kubeconfig"
	@echo "make image   build the container image as a tar file with Jib (no Docker daemon)"
	@echo "make clean   remove build output"
	@echo "make bench   benchmarks (not tests): Key Vault gateway throughput and rate-limiter accuracy"

build:
	$(MVN) $(MVN_FLAGS) -DskipTests package

test:
	$(MVN) $(MVN_FLAGS) verify

crds:
	$(MVN) $(MVN_FLAGS) -q -pl operator -am -DskipTests process-classes
	rm -f crds/*.yaml
	mkdir -p crds
	for f in operator/target/classes/META-INF/fabric8/*-v1.yml; do \
	  cp "$$f" "crds/$$(basename "$$f" -v1.yml).yaml"; \
	done
	@ls crds/

run: build
	java -jar $(OPERATOR_JAR)

clean:
	$(MVN) $(MVN_FLAGS) -q clean

bench:
	$(MVN) $(MVN_FLAGS) -q -pl operator -am -Pbench -DskipTests process-test-classes
