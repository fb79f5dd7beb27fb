#!/usr/bin/env sh
# Print the path of a working Python >= 3.12 (Mesa 3.5 needs it), or fail clearly.
# Tries python3.13/python3.12/python3 on the PATH (checking that each really runs,
# because pyenv shims exist without a selected version), then pyenv's installs.
for candidate in python3.13 python3.12 python3; do
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if "$path" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
        echo "$path"; exit 0
    fi
done
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for path in $(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do
    if "$path" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
        echo "$path"; exit 0
    fi
done
echo "carescape needs Python 3.12 or newer (Mesa 3.5 requires it); none found on PATH or in pyenv." >&2
exit 1
