# naswift: the two commands of README.md.
#   make run   sets everything up and runs the main job on the embedded default data
#   make test  sets everything up and runs every test
SHELL := /bin/bash
NASWIFT := .build/release/naswift

.PHONY: setup release run run-arch2vec test install docs fuzz

setup:
	bash scripts/setup.sh

release: setup
	swift build -c release --product naswift

MAIN := out/main
# The main job: the baselines beside the representation-based strategies on the default data
# (AnalogNAS-Bench, NB201 space). arch2vec-bo does not fit the first-run time (~40 CPU s per seed at
# 100 queries, plus pretraining): `make run-arch2vec` adds it.
MAIN_STRATEGIES := random,re,ls,tpe,tw-gp,bananas
MAIN_SEEDS := 20

run: release
	$(NASWIFT) data import analognas
	$(NASWIFT) compare --benchmark analognas --task cifar10 --strategies $(MAIN_STRATEGIES) \
		--budget 100 --seeds $(MAIN_SEEDS) --out $(MAIN) --json $(MAIN)/summary.json
	@echo "open $(MAIN)/index.html"

# The main job plus arch2vec-bo with a model pretrained here (~10 more minutes on 2 cores).
run-arch2vec: release
	$(NASWIFT) data import analognas
	test -f $(MAIN)-arch2vec/arch2vec-nb201.model || \
		$(NASWIFT) embed arch2vec train --space nb201 --out $(MAIN)-arch2vec/arch2vec-nb201.model
	$(NASWIFT) compare --benchmark analognas --task cifar10 --strategies $(MAIN_STRATEGIES),arch2vec-bo \
		--model $(MAIN)-arch2vec/arch2vec-nb201.model --budget 100 --seeds $(MAIN_SEEDS) \
		--out $(MAIN)-arch2vec --json $(MAIN)-arch2vec/summary.json

test: setup
	bash scripts/test.sh

# make install PREFIX=~/.local: the binary and bash / zsh / fish completions (argument-parser's).
PREFIX ?= /usr/local
install: release
	install -d $(PREFIX)/bin $(PREFIX)/share/bash-completion/completions \
		$(PREFIX)/share/zsh/site-functions $(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(NASWIFT) $(PREFIX)/bin/naswift
	$(NASWIFT) --generate-completion-script bash > $(PREFIX)/share/bash-completion/completions/naswift
	$(NASWIFT) --generate-completion-script zsh > $(PREFIX)/share/zsh/site-functions/_naswift
	$(NASWIFT) --generate-completion-script fish > $(PREFIX)/share/fish/vendor_completions.d/naswift.fish
	@echo "installed $(PREFIX)/bin/naswift (bash: source $(PREFIX)/share/bash-completion/completions/naswift)"

# API documentation (DocC) for every library product: .build/plugins/Swift-DocC/outputs/
docs:
	bash scripts/docs.sh

# libFuzzer + AddressSanitizer on the parsers of untrusted bytes (Fuzz/, RELIABILITY.md):
# FUZZ_SECONDS per target (default 60), FUZZ_TARGETS to pick some (default all).
FUZZ_SECONDS ?= 60
fuzz:
	bash scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)
