# Everyday verbs. The README's two commands (`swift run opencus`, `swift test`) need none of these.
.PHONY: run test test-postgres db-up smtp-up a11y bench bench-registration bench-staff-read fmt lint ci

run:            ## server with demo data on the embedded SQLite database
	swift run opencus

test:           ## the whole suite on temporary SQLite databases
	swift test

db-up:          ## local PostgreSQL on 127.0.0.1:5432 (needs root; prints the URL)
	scripts/postgres-up.sh

test-postgres:  ## the same suite on PostgreSQL (one database per test, cloned from a template)
	OPENCUS_TEST_DATABASE_URL=$$(scripts/postgres-up.sh | tail -1) swift test

smtp-up:        ## aiosmtpd test server on 127.0.0.1:2525-2527 (then: OPENCUS_TEST_SMTP_PORT=2525 OPENCUS_TEST_SMTP_DIR=/tmp/opencus-smtp swift test)
	python3 scripts/smtp-test-server.py 2525 /tmp/opencus-smtp

a11y:           ## axe-core + keyboard check against a server on :8080 (mail dir for the personal-link page)
	OPENCUS_A11Y_MAIL_DIR=opencus-data/mail python3 scripts/a11y/check.py http://127.0.0.1:8080

bench:          ## page and outbox benchmarks (release build)
	scripts/bench.sh release

bench-registration: ## registration rush on SQLite and PostgreSQL (needs root for PostgreSQL)
	scripts/bench-registration --postgres $$(scripts/postgres-up.sh | tail -1)

bench-staff-read: ## an audited staff read (the application page) against /health, SQLite and PostgreSQL
	scripts/bench-staff-read --postgres $$(scripts/postgres-up.sh | tail -1)

lint:           ## what CI checks: the formatter finds nothing to change
	swift format lint --strict --recursive Sources Tests Package.swift

fmt:            ## format the tree with the toolchain's swift-format
	swift format --in-place --recursive Sources Tests Package.swift

ci:             ## what CI runs (installs packages; run as root)
	.ci/run
