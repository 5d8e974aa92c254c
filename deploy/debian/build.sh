#!/usr/bin/env bash
# Builds artifacts/icn_<version>_amd64.deb with dpkg-deb: icnd and icnctl published self-contained for
# linux-x64 (Debian ships no .NET runtime, so the package brings its own, and libsodium's native library
# comes with it; it depends only on libc, OpenSSL and zlib), the hardened systemd unit, /etc/icn/icn.toml, and maintainer scripts
# that make the icn user, the passphrase file and the identity. Usage: deploy/debian/build.sh [version]
set -euo pipefail
cd "$(dirname "$0")/../.."
version="${1:-$(grep -o '<Version>[^<]*' Directory.Build.props | head -n 1 | cut -d'>' -f2)}"
version="${version:-0.1.0}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/icn_${version}_amd64"

publish() { # project, output
    dotnet publish "$1" -c Release -r linux-x64 --self-contained true -p:PublishSingleFile=false \
        -p:TieredPGO=false --nologo -v quiet -o "$2"
}
publish src/Icn.Node "$root/usr/lib/icn"
publish src/Icn.Cli "$root/usr/lib/icn"

install -d "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/icn" "$root/usr/share/doc/icn" "$root/DEBIAN"
ln -s ../lib/icn/icnd "$root/usr/bin/icnd"
ln -s ../lib/icn/icnctl "$root/usr/bin/icnctl"
install -m 0644 deploy/debian/icnd.service "$root/lib/systemd/system/icnd.service"
install -m 0644 deploy/debian/icn.toml "$root/etc/icn/icn.toml"
install -m 0644 README.md docs/operations.md docs/configuration.md "$root/usr/share/doc/icn/"
install -m 0755 deploy/debian/postinst deploy/debian/prerm deploy/debian/postrm "$root/DEBIAN/"
echo "/etc/icn/icn.toml" > "$root/DEBIAN/conffiles"
cat > "$root/DEBIAN/control" <<CONTROL
Package: icn
Version: ${version}
Architecture: amd64
Maintainer: ICN cooperative developers <dev@icn.example.coop>
Depends: libc6, libgcc-s1, libstdc++6, libssl3, zlib1g, adduser
Section: net
Priority: optional
Installed-Size: $(du -ks "$root/usr" | cut -f1)
Description: InterCooperative Network node
 icnd, a peer-to-peer daemon that cooperatives run to share data and keep a
 mutual-credit ledger, with Prometheus metrics, and icnctl, its command line.
CONTROL
mkdir -p artifacts
dpkg-deb --root-owner-group --build "$root" "artifacts/icn_${version}_amd64.deb" >/dev/null
echo "artifacts/icn_${version}_amd64.deb"
