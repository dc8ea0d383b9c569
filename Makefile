# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
RAG    := $(VENV)/bin/rag
STAMP  := $(VENV)/.installed
# This workplace has no model hub; fail fast instead of retrying downloads.
export HF_HUB_OFFLINE ?= 1

.PHONY: install index run test test-fast clean

# torch==2.13.0 first: it is a local CPU build; any other spec pulls gigabytes of CUDA packages.
$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

index: install
	$(RAG) build --docs seeds --index index

run: index
	$(RAG) search "金风科技包头风机总装厂项目总投资" -k 3

test: install
	$(PY) -m pytest -q

test-fast: install
	$(PY) -m pytest -q -m "not real"

clean:
	rm -rf $(VENV) index .pytest_cache
