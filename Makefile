# Two commands for a fresh machine (see README.md):
#   make demo   set up, then run the main job on the shipped data and print scores
#   make test   set up, then run the whole test suite (what .ci/run calls)
PY ?= python3
VENV := .venv
LS_VENV := .venv-ls
LS_VERSION := 1.23.2
PYTEST_ARGS ?=

.PHONY: setup setup-ls setup-browser demo test bench clean

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e ".[dev]"
	touch $@

# Label Studio lives in a venv of its own: its pins must not constrain ours.
$(LS_VENV)/.installed:
	$(PY) -m venv $(LS_VENV)
	$(LS_VENV)/bin/pip install -q --upgrade pip
	$(LS_VENV)/bin/pip install -q label-studio==$(LS_VERSION)
	touch $@

setup: $(VENV)/.installed

setup-ls: $(LS_VENV)/.installed

# Headless browser for tests/browser: Debian's Chromium plus the Python playwright package.
# Never `playwright install`: it downloads a browser build of its own, which fails offline.
# apt runs only when /usr/bin/chromium is missing (root, as in CI); emoji/Arabic fonts for the screenshots.
setup-browser: setup
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji fonts-dejavu-core; }
	@$(VENV)/bin/python -c "import playwright" 2>/dev/null || $(VENV)/bin/pip install -q playwright

demo: setup
	$(VENV)/bin/warclaims demo

test: setup setup-ls setup-browser
	WARCLAIMS_LABEL_STUDIO=$(CURDIR)/$(LS_VENV)/bin/label-studio $(VENV)/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) $(LS_VENV) .pytest_cache
