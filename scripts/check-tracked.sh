#!/usr/bin/env bash
# Fails when git tracks what the repository must never hold: executables,
# data dirs, node_modules, or any file over 1 MB (a binary committed by
# mistake is 30 MB in every clone's history for good).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! git rev-parse --git-dir >/dev/null 2>&1; then
  echo "not a git checkout: tracked files not checked"
  exit 0
fi

bad=0
while IFS= read -r -d '' file; do
  [ -f "$file" ] || continue
  case "$file" in
    pb_data/* | */pb_data/* | node_modules/* | */node_modules/*)
      echo "tracked: $file (data or dependencies)"; bad=1; continue ;;
  esac
  size=$(stat -c %s "$file")
  if [ "$size" -gt 1048576 ]; then
    echo "tracked: $file ($size bytes, over 1 MB)"; bad=1
  fi
  if [ "$(head -c 4 "$file" | od -An -tx1 | tr -d ' \n')" = "7f454c46" ]; then
    echo "tracked: $file (an executable)"; bad=1
  fi
done < <(git ls-files -z)

if [ "$bad" -ne 0 ]; then
  echo "remove them with git rm --cached and add them to .gitignore" >&2
  exit 1
fi
echo "tracked files: no binaries, data or big files"
