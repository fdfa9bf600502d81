# campaignsite — `make site` builds the shipped campaigns into site/, `make test` runs every test.
# Both set up everything on a fresh machine: Debian packages (Chromium, CJK fonts, poppler, LibreOffice) and a venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_STAMP := .cache/apt.installed
APT_PACKAGES := chromium fonts-noto-cjk poppler-utils fontconfig libreoffice-writer-nogui nginx-light
JOBS ?= 3  # on two cores: a third worker runs while the others wait on Chromium, LibreOffice or a server

.PHONY: site check test test-fast lint bench serve clean deps system-deps schema lock bytecode

site: deps
	$(BIN)/campaignsite build

# check the campaigns without building (what `campaignsite check` says)
check: deps
	$(BIN)/campaignsite check

test: lint
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --durations=25

# the loop to work in: check rules, resolve, render and the Word writer, in-process (under a minute)
test-fast: deps
	$(BIN)/python -m pytest -n $(JOBS) -m unit -q

lint: deps
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy

schema: deps
	$(BIN)/campaignsite schema --out schema

bench: deps
	$(BIN)/python bench/run.py

serve: deps
	$(BIN)/campaignsite serve

deps: system-deps $(STAMP) bytecode

# Python compiles each module of ours every time a process imports it unless its bytecode is stored, and
# PYTHONDONTWRITEBYTECODE (set on some machines and CI images) stops Python storing it: stored here, for
# every command and worker (0.17 s a process). Checked by the source's hash, not its time: an edit within
# the same second (a git checkout) is never run as the old code; only what changed is compiled again.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q --invalidation-mode checked-hash generator

# Exact versions (with hashes) from requirements.lock, so every machine builds the same bytes.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || { echo "准备环境：创建 $(VENV)"; $(PYTHON) -m venv $(VENV); }
	@echo "准备环境：安装 requirements.lock 中锁定版本的 Python 包（$$(grep -c '^[a-z]' requirements.lock) 个；新机器约需 1 分钟）"
	@$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	@echo "准备环境：安装 campaignsite（命令在 $(BIN)/campaignsite；先运行 . $(BIN)/activate 即可直接输入 campaignsite）"
	@PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet --no-deps -e .  # without setuptools' note on editable installs
	@touch $@

# After changing dependencies in pyproject.toml: pin them again (commit requirements.lock).
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --extra test --strip-extras --allow-unsafe --generate-hashes --no-emit-index-url \
	  --no-emit-find-links --output-file requirements.lock pyproject.toml

# Debian packages: installed only when missing (we run as root in CI; otherwise sudo is used if present).
# While apt runs, policy-rc.d keeps a package from starting its service (nginx would take port 80).
system-deps: $(APT_STAMP)

$(APT_STAMP): Makefile
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "准备环境：安装 Debian 软件包$$missing（新机器约需数分钟）"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  guard=""; [ -e /usr/sbin/policy-rc.d ] || guard=/usr/sbin/policy-rc.d; \
	  [ -z "$$guard" ] || { printf '#!/bin/sh\nexit 101\n' | $$SUDO tee $$guard >/dev/null; $$SUDO chmod +x $$guard; }; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	  status=$$?; [ -z "$$guard" ] || $$SUDO rm -f $$guard; [ $$status = 0 ] || exit $$status; \
	fi
	@mkdir -p $(dir $@) && touch $@

clean:
	rm -rf site .cache test-artifacts
