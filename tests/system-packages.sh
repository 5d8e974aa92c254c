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

# Prints the packages of test_packages that are not installed, separated by spaces.
missing_test_packages() {
    local package
    for package in "${test_packages[@]}"; do
        [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" = "install ok installed" ] || printf '%s ' "$package"
    done
}

install_test_packages() {
    DEBIAN_FRONTEND=noninteractive apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${test_packages[@]}"
}
