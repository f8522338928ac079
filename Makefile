# meetdoc — `make` installs what is missing, builds, and writes output/;
# `make test` runs the tests; `make bench` measures speed.

TYPST_VERSION := 0.15.1
CARGO ?= cargo
CARGO_BIN ?= $(HOME)/.cargo/bin
MEETDOC := target/release/meetdoc
# Debian packages the build and the tests need.
DEB_PACKAGES := fonts-liberation2 fonts-noto-cjk fonts-noto-color-emoji poppler-utils
# ... and those only the tests need: a venv for the DOCX validator,
# LibreOffice to lay the DOCX out as a reader sees it, chromium and its
# WebDriver for the editor's browser tests, pandoc to make a DOCX from
# Markdown for the import tests.
TEST_DEB_PACKAGES := python3-venv libreoffice-writer-nogui chromium chromium-driver pandoc

.PHONY: all deps typst packages test-packages validator build docs test bench schema lint clean

all: deps build docs

deps: packages typst

# typst is installed once per machine (into ~/.cargo/bin), not once per clone:
# skipped when that version is already there.
typst:
	@TYPST_VERSION=$(TYPST_VERSION) CARGO_BIN=$(CARGO_BIN) scripts/install-typst

packages:
	@scripts/install-packages $(DEB_PACKAGES)

test-packages:
	@scripts/install-packages $(TEST_DEB_PACKAGES)

# The DOCX validator the tests run (openxml-audit, in a venv under target/).
validator: test-packages
	@scripts/install-openxml-audit

build:
	$(CARGO) build --release

docs: build
	$(MEETDOC) build

test: deps test-packages validator
	PATH="$(CARGO_BIN):$$PATH" $(CARGO) test --release

bench: deps build
	PATH="$(CARGO_BIN):$$PATH" scripts/bench
	PATH="$(CARGO_BIN):$$PATH" scripts/bench-serve

schema: build
	$(MEETDOC) schema schema

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

clean:
	rm -rf output target
