#!/usr/bin/env bash
# Lints the deploy files: the GitHub Actions workflows with actionlint (which
# also runs shellcheck on their `run:` steps) and the deploy shell scripts
# with shellcheck. actionlint is built from the Go module proxy into a temp
# dir; the module cache keeps later runs fast.
set -euo pipefail
cd "$(dirname "$0")/.."

export GOTOOLCHAIN=go1.27.3
actionlint_version=v1.7.12

gobin=$(mktemp -d -t todomate-actionlint-XXXXXX)
trap 'rm -rf "$gobin"' EXIT

GOBIN=$gobin go install "github.com/rhysd/actionlint/cmd/actionlint@$actionlint_version"

workflows=(.github/workflows/*.yml)
"$gobin/actionlint" -no-color "${workflows[@]}"
echo "actionlint $actionlint_version: ${#workflows[@]} workflows ok"

scripts=(deploy/*.sh deploy/docker/entrypoint.sh scripts/*.sh bench/*.sh)
shellcheck "${scripts[@]}"
echo "shellcheck: ${#scripts[@]} deploy and project scripts ok"
