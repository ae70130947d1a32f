# naswift: the two commands of README.md.
#   make run   sets everything up and runs the main job on the embedded default data
#   make test  sets everything up and runs every test
SHELL := /bin/bash
NASWIFT := .build/release/naswift

.PHONY: setup release run test

setup:
	bash scripts/setup.sh

release: setup
	swift build -c release --product naswift

run: release
	$(NASWIFT) data import analognas
	$(NASWIFT) compare --benchmark analognas --task cifar10 --strategies random,re,ls \
		--budget 100 --seeds 100 --out out/main --json out/main/summary.json

test: setup
	bash scripts/test.sh
