# The Debian packages the test suite drives as real parts: one list, sourced by test.sh (which installs
# what is missing when it runs as root) and by .ci/run (which always installs them on its fresh machine).
# prometheus: promtool lints the live /metrics exposition, and a real Prometheus scrapes a node.
# prometheus-alertmanager: amtool checks the shipped configuration, and a real Alertmanager pages in the alerting test.
# iproute2: the discovery test builds network namespaces with `ip netns`.
# chromium: Playwright drives it to the node's status page.
# util-linux (prlimit, mount) and e2fsprogs (chattr): the descriptor-limit, full-disk and read-only storage tests.
# adduser (and dpkg, always there): the package test installs and purges the .deb.
# curl: the documentation test runs the documented commands, curl among them. zsh: its completion script is syntax-checked.
test_packages=(prometheus prometheus-alertmanager iproute2 chromium util-linux e2fsprogs adduser curl zsh)

# One command from each package, to tell whether it is installed.
test_commands=(promtool amtool ip chromium prlimit chattr adduser curl zsh)

# Prints the commands of test_commands that are not on PATH, separated by spaces.
missing_test_commands() {
    local command
    for command in "${test_commands[@]}"; do
        command -v "$command" >/dev/null 2>&1 || printf '%s ' "$command"
    done
}

install_test_packages() {
    DEBIAN_FRONTEND=noninteractive apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${test_packages[@]}"
}
