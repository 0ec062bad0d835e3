# exodetect: the one entry point. `make run` starts the app, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

JOBS ?= $(shell nproc)
BUILD_TYPE ?= Release
BUILD_DIR ?= build
CMAKE_FLAGS ?=
# `make test SANITIZE=1` builds and tests with AddressSanitizer + UBSan.
ifeq ($(SANITIZE),1)
  BUILD_TYPE := Asan
  BUILD_DIR := build-asan
endif
EXODETECT := $(BUILD_DIR)/exodetect

.PHONY: help deps build test test-backend test-frontend run bench bench-verdict fmt lint fuzz model clean \
        docker-test docker-test-dev frontend-deps frontend-build

help:
	@echo "make run          install what is missing, build, serve the API (:8000) and UI (:3000)"
	@echo "make test         run every test suite (backend, frontend unit and end-to-end)"
	@echo "make build        build the backend; the CLI lands in build/exodetect"
	@echo "make bench        benchmarks against astropy / python3-xgboost / FastAPI, same run"
	@echo "make bench-verdict  the verdict on every light curve in data/ alone, with a short summary"
	@echo "make model        retrain the shipped models in ml/models/ from data/"
	@echo "make fuzz         run the libFuzzer targets for a bounded time"
	@echo "make fmt | lint   clang-format | clang-tidy + cppcheck + eslint"
	@echo "make docker-test  build the images and test the production stack for real"
	@echo "make docker-test-dev  the same for the development stack (docker-compose.yml)"

deps:
	scripts/install-deps.sh core

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S backend -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j$(JOBS)

test: build
	scripts/install-deps.sh test
	scripts/test.sh $(BUILD_DIR)

run: build
	scripts/run.sh $(BUILD_DIR)

bench: build
	scripts/install-deps.sh bench
	scripts/bench.sh $(BUILD_DIR)

# The part of `make bench` that says how far a verdict can be trusted (minutes, not the hour).
bench-verdict: build
	backend/bench/verdict_bench.sh $(BUILD_DIR)

# Three bagged boosters for the three-class model: three trees per round already make it three
# times the size (docs/MODEL_TRAINING.md).
MULTICLASS_BAGS := 3

model: build
	$(EXODETECT) train --data data/catalogs/koi_cumulative_2025-10-04.csv.gz --catalog koi \
	  --seed 42 --out ml/models/default.exomodel
	$(EXODETECT) train --data data/catalogs/koi_cumulative_2025-10-04.csv.gz --catalog koi \
	  --task multiclass --seed 42 --bags $(MULTICLASS_BAGS) --out ml/models/multiclass.exomodel

fuzz:
	scripts/install-deps.sh test
	scripts/fuzz.sh

fmt:
	find backend -name '*.cpp' -o -name '*.hpp' | grep -v '/build' | xargs clang-format -i

lint: build
	find backend/src backend/apps -name '*.cpp' | xargs clang-tidy -p $(BUILD_DIR) --quiet
	cppcheck --enable=warning,performance,portability --std=c++17 --quiet \
	  --suppress=missingIncludeSystem -I backend/include backend/src backend/apps
	cd frontend && { [[ -d node_modules ]] || npm ci --no-audit --no-fund; } && npx eslint --max-warnings 0 .

docker-test:
	scripts/install-deps.sh docker
	scripts/docker-test.sh

docker-test-dev:
	scripts/install-deps.sh docker
	scripts/docker-test-dev.sh

clean:
	rm -rf build build-asan build-fuzz
