# Bourse: `make run` starts the exchange with a demo market; `make test` runs every test.
# Both install what is missing (Debian packages) first.
SHELL := /bin/bash
JOBS ?= 2
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DATA_DIR ?= var
LISTEN ?= 127.0.0.1:8080

# Build and test dependencies (Debian 12 package names).
PACKAGES := g++ cmake ninja-build pkg-config libboost1.81-dev libboost-json1.81-dev \
  libboost-url1.81-dev libboost-context1.81-dev libabsl-dev libsqlite3-dev libssl-dev zlib1g-dev libspdlog-dev libfmt-dev \
  libcli11-dev libtomlplusplus-dev libgtest-dev libgmock-dev libvectorscan-dev libmimalloc-dev \
  libzip-dev libexpat1-dev libdeflate-dev \
  python3 python3-yaml \
  curl golang-go golang-golang-x-mod-dev chromium fonts-wqy-microhei
# Only for `make bench`.
BENCH_PACKAGES := wrk nginx ripgrep gzip

# Only for `make fuzz`: libFuzzer comes with Debian's clang.
FUZZ_PACKAGES := clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := json_wire encoding http_request dataset_reader

.PHONY: run test build console deps bench-deps bench fuzz clean format

deps:
	@missing=$$(for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@# Node.js and npm build the web console; any Node.js 18 or later will do (Debian 12 has 18).
	@if ! command -v npm >/dev/null; then \
	  echo "Installing Debian packages: nodejs npm"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends nodejs npm; \
	fi

bench-deps:
	@missing=$$(for p in $(BENCH_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

build: deps
	cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build/release -j$(JOBS) --target bourse

# The web console (web/): its npm packages, pinned by web/package-lock.json, then its build into
# web/dist, which the server serves at /.
console: deps
	@cd web && if [ ! -f node_modules/.package-lock.json ] || \
	  [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  npm ci --no-audit --no-fund --loglevel=error; fi
	cd web && npm run --silent build

run: build console
	@if [ ! -f $(DATA_DIR)/bourse.db ]; then \
	  ./build/release/bourse init --data-dir $(DATA_DIR) --listen $(LISTEN) && \
	  ./build/release/bourse demo --data-dir $(DATA_DIR); \
	fi
	@echo
	@echo "Open     http://$(LISTEN)/            (the console; API: http://$(LISTEN)/openapi.json)"
	@echo "Operator token: $$(cat $(DATA_DIR)/operator.token)"
	@echo "Try:     BOURSE_TOKEN=$$(cat $(DATA_DIR)/operator.token) ./build/release/bourse org list --limit 5"
	@echo "Stop with Ctrl-C."
	@echo
	./build/release/bourse serve --data-dir $(DATA_DIR) --listen $(LISTEN)

# Every test, built with AddressSanitizer and UndefinedBehaviorSanitizer; ends with CTest's summary.
test: deps console
	cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBOURSE_SANITIZE=ON >/dev/null
	cmake --build build/test -j$(JOBS)
	cd build/test && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j$(JOBS)

# Each libFuzzer target for FUZZ_SECONDS under ASan and UBSan, starting from its seed corpus in
# fuzz/corpus (new inputs go to build/fuzz/corpus); prints executions per target and stops at the
# first crash, whose input libFuzzer saves as crash-*.
fuzz: deps
	@missing=$$(for p in $(FUZZ_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi
	CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DBOURSE_FUZZ=ON >/dev/null
	cmake --build build/fuzz -j$(JOBS) --target $(FUZZ_TARGETS:%=%_fuzz)
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus/$$t; \
	  ./build/fuzz/fuzz/$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -rss_limit_mb=4096 build/fuzz/corpus/$$t fuzz/corpus/$$t >build/fuzz/$$t.log 2>&1 \
	    || { tail -40 build/fuzz/$$t.log; echo "fuzz: $$t crashed"; exit 1; }; \
	  printf '%-16s %s executions, %s per second\n' $$t \
	    "$$(sed -n 's/^stat::number_of_executed_units: *//p' build/fuzz/$$t.log)" \
	    "$$(sed -n 's/^stat::average_exec_per_sec: *//p' build/fuzz/$$t.log)"; \
	done

bench: deps bench-deps build
	cmake --build build/release -j$(JOBS) --target log_bench scan_bench search_bench trade_bench blob_bench
	./build/release/bench/blob_bench
	./build/release/bench/log_bench
	./build/release/bench/scan_bench
	./build/release/bench/search_bench
	./build/release/bench/trade_bench --rounds 3 --clients 64,128,256
	bash bench/http/run.sh build/release/bourse
	$(MAKE) console
	BOURSE_BIN=build/release/bourse node bench/console/fcp.mjs

format:
	clang-format -i $$(git ls-files 'src/*.h' 'src/*.cc' 'test/*.h' 'test/*.cc' 'bench/*.cc')

clean:
	rm -rf build
