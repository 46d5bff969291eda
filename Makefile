# The two commands of the README:  make run  and  make test.  Both install what is missing first.
# Release build in build/release; sanitizer (ASan+UBSan, clang) build with fuzzers in build/asan.

JOBS ?= $(shell nproc)
CMAKE_GEN := $(shell command -v ninja >/dev/null 2>&1 && echo -G Ninja)
WERROR := $(if $(CI),ON,OFF)
RELEASE := build/release
ASAN := build/asan
FUZZ_SECONDS ?= 20

.PHONY: deps release asan run test test-release test-asan bench fuzz format clean

deps:
	@scripts/install_deps.sh

release: deps
	@cmake -S . -B $(RELEASE) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release -DATTNVIZ_WERROR=$(WERROR) >/dev/null
	@cmake --build $(RELEASE) -j $(JOBS)

asan: deps
	@CC=clang-14 CXX=clang++-14 cmake -S . -B $(ASAN) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug \
	  -DATTNVIZ_SANITIZE=ON -DATTNVIZ_FUZZ=ON -DATTNVIZ_GUI=OFF -DATTNVIZ_WERROR=$(WERROR) \
	  -DATTNVIZ_FUZZ_SECONDS=$(FUZZ_SECONDS) >/dev/null
	@cmake --build $(ASAN) -j $(JOBS)

# Builds Release and opens the app on its built-in demo scene.
run: release
	@$(RELEASE)/attnviz

# Every test: Release (unit, CLI, GL) then the sanitizer build (unit tests and short fuzz runs).
test: test-release test-asan

test-release: release
	@cd $(RELEASE) && ctest --output-on-failure -j $(JOBS)

test-asan: asan
	@cd $(ASAN) && ctest --output-on-failure -j $(JOBS)

bench: release
	@for b in $(RELEASE)/bench/*_bench; do echo "== $$b"; $$b || exit 1; done
	@echo "== bench/matplotlib_bench.py" && /usr/bin/python3 bench/matplotlib_bench.py $(RELEASE)/attnviz

format:
	@git ls-files '*.cpp' '*.hpp' | grep -v '^third_party/' | xargs clang-format -i

clean:
	rm -rf build
