# Fanmesh — the two commands a newcomer types are `make run` and `make test`.
# Each installs what is missing (Debian packages, Python test packages), builds, and does its job.

SWIFT        ?= swift
PYTHON       ?= python3
BUILD_FLAGS  ?=
TOPOLOGY     ?= topology/local.yaml
FANMESH      := .build/debug/fanmesh
APT_PACKAGES := liblmdb-dev pkg-config curl openssl procps
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build deps apt-deps python-deps unit-test blackbox-test bench bench-deps format lint clean

run: apt-deps build
	$(FANMESH) mesh up $(TOPOLOGY)

test: deps
	@echo "== building (debug) =="
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	@echo "== unit tests (Swift Testing) =="
	$(SWIFT) test --skip-build $(BUILD_FLAGS)
	@echo "== black-box tests (real processes, real clients) =="
	FANMESH=$(FANMESH) $(PYTHON) -m pytest -q Tests/blackbox

build:
	$(SWIFT) build $(BUILD_FLAGS) --product fanmesh

deps: apt-deps python-deps

# Installs the Debian packages the build and the tests need, only when one is missing.
apt-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "== installing Debian packages:$$missing =="; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# Installs the Python packages the black-box tests use, only when one is missing.
python-deps:
	@$(PYTHON) Tests/blackbox/check_requirements.py Tests/blackbox/requirements.txt || \
		$(PYTHON) -m pip install --quiet --disable-pip-version-check -r Tests/blackbox/requirements.txt

# Benchmarks run a release build kept apart from the debug one, against peers installed from Debian.
RELEASE_SCRATCH    ?= .build-release
FANMESH_RELEASE    := $(RELEASE_SCRATCH)/release/fanmesh
BENCH_APT_PACKAGES := nats-server nginx libnginx-mod-nchan procps

bench: apt-deps bench-deps
	@echo "== building (release, in $(RELEASE_SCRATCH)) =="
	$(SWIFT) build -c release --product fanmesh --scratch-path $(RELEASE_SCRATCH) $(BUILD_FLAGS)
	@echo "== chat: idle connections, fan-out, origin log; nats-server and nginx+nchan beside (about 8 min) =="
	timeout 1200 $(PYTHON) Tests/bench/chat_bench.py --fanmesh $(FANMESH_RELEASE)

# Installs the peers the benchmarks compare against, only when one is missing.
bench-deps:
	@missing=""; for p in $(BENCH_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "== installing Debian packages:$$missing =="; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

format:
	$(SWIFT) format --in-place --recursive Sources Tests Package.swift

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

clean:
	rm -rf .build data
