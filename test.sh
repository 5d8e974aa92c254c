#!/usr/bin/env bash
# The whole suite, as CI runs it: format check, strict Release build, every test project.
# The last line is always "N passed, N failed", summed from the test programs' own reports.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="$PWD/artifacts/test-results"

# The suite drives real Prometheus, Alertmanager, Chromium and more: on a fresh machine, as root, they are
# installed first; otherwise their tests fail each with a line naming what is missing, so say it once here.
source tests/system-packages.sh
missing=$(missing_test_packages)
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing the Debian packages the tests drive (missing: ${missing% })"
        install_test_packages >/dev/null || echo "could not install ${test_packages[*]}: the tests that need them will fail"
    else
        echo "missing ${missing% }: those tests will fail; install with: sudo apt-get install -y --no-install-recommends ${missing% }"
    fi
fi
rm -rf "$results"

if ! dotnet format Icn.slnx --verify-no-changes; then
    echo "dotnet format found code to fix: run 'dotnet format Icn.slnx'"
    echo "0 passed, 1 failed"
    exit 1
fi

if ! dotnet build Icn.slnx -c Release --nologo -v quiet; then
    echo "the build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

# A hung test program must not hang CI: after 25 minutes it is stopped, and the program that wrote
# no report is counted as failed below.
timeout 1500 dotnet test --solution Icn.slnx -c Release --no-build --results-directory "$results"
status=$?

passed=0
failed=0
reports=0
for report in "$results"/*.xunit; do
    [ -e "$report" ] || continue
    reports=$((reports + 1))
    assembly=$(grep -o '<assembly [^>]*>' "$report" | head -n 1)
    count() { echo "$assembly" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
    passed=$((passed + $(count passed)))
    failed=$((failed + $(count failed) + $(count errors)))
done

# A test program that crashed wrote no report: count it as a failure rather than lose it.
# (The test programs are the projects that use xunit; the kit and the adversary are programs' helpers.)
programs=$(grep -l 'Include="xunit.v3"' tests/*/*.csproj | wc -l)
if [ "$reports" -lt "$programs" ]; then
    echo "$((programs - reports)) test program(s) wrote no report"
    failed=$((failed + programs - reports))
fi

echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
