#!/usr/bin/env bash
# The set-up that `make test` needs, checked on every run: quiet and well under a
# second when everything is present. What is missing is installed when this user
# can (root with apt-get, pip, npm), saying what; otherwise it stops at once with
# the one command that fixes it. Run by `make setup`, a prerequisite of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }
fail() { say "$1"; say "fix it with: $2"; exit 1; }
log=$(mktemp -t intake-setup.XXXXXX)
trap 'rm -f "$log"' EXIT
# run quietly; show the tool's own output only when it fails.
quiet() { "$@" >"$log" 2>&1 || { cat "$log" >&2; return 1; }; }

# Go: the module and its tests. Go comes as a tarball, not a package, so we only tell.
command -v go >/dev/null ||
  fail "go is not on PATH (Go $(sed -n 's/^go //p' go.mod) or later)" \
    'export PATH=/usr/local/go/bin:$PATH'

# Debian's chromium for the browser tests (shared/web/browsertest looks for it at
# /usr/bin/chromium), and a CJK font so that the zh-CN screenshots show characters,
# not boxes. fc-list reads fontconfig's cache, so this check stays fast.
apt_pkgs=()
[ -x /usr/bin/chromium ] || apt_pkgs+=(chromium)
fc-list :lang=zh family 2>/dev/null | grep -q . || apt_pkgs+=(fonts-noto-cjk)
if [ ${#apt_pkgs[@]} -gt 0 ]; then
  fix="apt-get update && apt-get install -y ${apt_pkgs[*]}"
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    [ "$(id -u)" -ne 0 ] && fix="sudo sh -c '$fix'"
    fail "missing for the browser tests: ${apt_pkgs[*]}" "$fix"
  fi
  say "installing ${apt_pkgs[*]} with apt-get (a minute or two, once)"
  export DEBIAN_FRONTEND=noninteractive
  quiet apt-get update -q || fail "apt-get update failed" "$fix"
  quiet apt-get install -y -q "${apt_pkgs[@]}" || fail "apt-get install failed" "$fix"
fi

# moto_server (the local AWS) and cfn-lint (the template linter): Python tools,
# preinstalled under pyenv on our machines.
py_pkgs=()
command -v moto_server >/dev/null || py_pkgs+=('moto[server]')
command -v cfn-lint >/dev/null || py_pkgs+=(cfn-lint)
if [ ${#py_pkgs[@]} -gt 0 ]; then
  fix="python3 -m pip install $(printf '"%s" ' "${py_pkgs[@]}")"
  command -v python3 >/dev/null || fail "missing: ${py_pkgs[*]} (and python3)" "$fix"
  say "installing ${py_pkgs[*]} with pip"
  quiet python3 -m pip install --quiet "${py_pkgs[@]}" || fail "pip install failed" "$fix"
  hash -r
  for tool in moto_server cfn-lint; do
    command -v "$tool" >/dev/null ||
      fail "$tool was installed but is not on PATH" 'export PATH=$(python3 -m site --user-base)/bin:$PATH'
  done
fi

# Mailpit, the local SMTP server that captures the e-mails sent without SES
# (infra/local/mailpit; make run with MAIL=smtp, the SMTP adapter's tests). A Go
# program, pinned here, installed with go install into $(go env GOPATH)/bin
# (about a minute, once; again when the pin moves). The version is read from
# the binary's build information, offline.
mailpit_version=v1.33.1
gobin=$(go env GOBIN); gobin=${gobin:-$(go env GOPATH)/bin}
mailpit_bin=$(command -v mailpit || echo "$gobin/mailpit")
if [ "$(go version -m "$mailpit_bin" 2>/dev/null | awk '$1 == "mod" { print $3 }')" != "$mailpit_version" ]; then
  say "installing Mailpit $mailpit_version with go install (about a minute, once)"
  quiet go install "github.com/axllent/mailpit@$mailpit_version" ||
    fail "go install of Mailpit failed" "go install github.com/axllent/mailpit@$mailpit_version"
  command -v mailpit >/dev/null ||
    fail "mailpit was installed in $gobin, which is not on PATH" "export PATH=$gobin:\$PATH"
fi

# npm packages (the OpenAPI linter), pinned by package-lock.json. npm ci runs only
# when node_modules is missing or older than the lock file.
if [ -f package-lock.json ]; then
  command -v npm >/dev/null ||
    fail "npm is missing (Node.js 20.19 or later, for the OpenAPI linter)" \
      'install Node.js 20.19+ with npm, then run make test again'
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing the npm packages of package-lock.json (npm ci)"
    quiet npm ci --no-audit --no-fund || fail "npm ci failed" "npm ci"
  fi
fi
