#!/usr/bin/env bash
# The Python SDK's one command: a venv in sdks/python/.venv with the pinned dependencies
# (requirements-dev.txt), the wire models generated from ../../api/openapi.json, a type check
# (mypy), a wheel built and installed, then unit tests and, when STRATA_BASE_URL (with
# STRATA_CLIENT_ID and STRATA_CLIENT_SECRET) is set, integration tests against the platform.
# Needs only Python 3.10+ (python3.11 on the project's machines). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

python=${PYTHON:-$(command -v python3.11 || command -v python3)}
spec=${STRATA_OPENAPI:-../../api/openapi.json}
if [[ ! -f $spec ]]; then
	echo "test.sh: $spec is missing (the SDK's types are generated from it)" >&2
	exit 1
fi

echo "== dependencies (requirements-dev.txt)"
if [[ ! -x .venv/bin/python ]] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
	rm -rf .venv
	"$python" -m venv .venv
fi
stamp=.venv/.requirements-dev.sha256
want=$(sha256sum requirements-dev.txt | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
	.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	echo "$want" >"$stamp"
else
	echo "(up to date)"
fi

echo "== generate the wire models from $spec (datamodel-code-generator, pinned)"
STRATA_OPENAPI=$spec .venv/bin/python scripts/generate.py "$spec"

echo "== type check (mypy --strict)"
.venv/bin/python -m mypy --strict --no-error-summary src/strata

echo "== build and install the wheel"
rm -rf dist
STRATA_OPENAPI=$(realpath "$spec") .venv/bin/python -m pip wheel --quiet --no-deps --no-build-isolation -w dist .
wheel=$(ls dist/strata_sdk-2.0.0-*.whl)
# the listing is read whole first: grep -q stopping at the first match would break the
# lister's pipe, which pipefail reports as a failure
listing=$(.venv/bin/python -m zipfile -l "$wheel")
for member in strata/py.typed strata/_generated/models.py strata/__init__.py; do
	if ! grep -q " *$member " <<<"$listing"; then
		echo "test.sh: $wheel lacks $member" >&2
		exit 1
	fi
done
.venv/bin/python -m pip install --quiet --no-deps --force-reinstall "$wheel"

echo "== tests (pytest)"
if [[ -z ${STRATA_BASE_URL:-} ]]; then
	echo "(STRATA_BASE_URL is not set: the integration tests will be skipped)"
fi
# Run from tests/ against the installed wheel, not the source tree.
cd tests
exec ../.venv/bin/python -m pytest -c ../pyproject.toml --rootdir .. -ra "$@" .
