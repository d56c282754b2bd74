# Set-up and the two everyday commands. Every target creates .venv on first use;
# the stamp file makes later runs install nothing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
STAMP := $(VENV)/.installed
DEMO := work_dirs/demo

.PHONY: install demo lint test benchmark clean

install: $(STAMP)

# torch first, and only into a venv that has none (a notebook's or a user's torch is kept); then
# the project with every dependency it declares (requirements.txt, read by pyproject.toml).
# geffnet (the EfficientNet-Lite0 configs) goes in without torchvision, which does not import
# beside a CPU-only torch.
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -c "import torch" 2>/dev/null || $(PIP) install torch==2.13.0
	$(PIP) install -e .
	$(PIP) install --no-deps geffnet==1.0.2
	touch $(STAMP)

# The main job on embedded data: fresh synthetic images (backgrounds the shipped model never
# saw in training), masks predicted by the shipped checkpoint, the challenge's IoU, and a
# picture of predicted and true outlines.
demo: $(STAMP)
	$(PY) tools/make_logo_dataset.py $(DEMO)/data --num 40 --seed 2026 --background-set heldout --workers 2
	$(PY) infer.py $(DEMO)/data/img $(DEMO)/pred
	$(PY) tools/evaluate.py $(DEMO)/pred $(DEMO)/data/mask
	$(PY) tools/show_outlines.py $(DEMO)/data/img $(DEMO)/pred $(DEMO)/data/mask --out $(DEMO)/outlines.png

# The linter at the version pyproject.toml pins (its `dev` extra); pip installs nothing when it is
# there already.
lint: $(STAMP)
	$(PIP) install -q "$$(grep -o 'ruff==[0-9.]*' pyproject.toml)"
	$(PY) -m ruff check .

test: lint
	@start=$$(date +%s); $(PY) -m pytest; status=$$?; \
	echo "make test: $$(( $$(date +%s) - start )) s"; exit $$status

benchmark: $(STAMP)
	$(PY) tools/benchmark_infer.py

clean:
	rm -rf $(DEMO) .pytest_cache
